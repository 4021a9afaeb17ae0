/** Export the selected photos: a folder, originals or JPEGs at a size, tags in XMP sidecars or inside the JPEGs; progress shows below. */
import { useState, type ReactNode } from 'react';
import { Modal } from '../../components/Modal.js';
import { nativePickFolder } from '../../lib/api.js';
import { useStore } from '../../store/index.js';
import { FolderBrowser } from '../folders/FolderBrowser.js';

const SIZES = [1024, 2048, 4096];

/** Starts the export and closes; a refusal (a folder inside the library, one already running) shows as a toast. */
export function ExportDialog({ photoIds, onClose }: { photoIds: number[]; onClose(): void }): ReactNode {
  const [dest, setDest] = useState('');
  const [format, setFormat] = useState<'original' | 'jpeg'>('original');
  const [longEdge, setLongEdge] = useState(2048);
  const [sidecars, setSidecars] = useState(true);
  const [embedTags, setEmbedTags] = useState(false);
  const [browsing, setBrowsing] = useState(false);
  const browse = async (): Promise<void> => {
    if (!nativePickFolder) return setBrowsing(true);
    const picked = await nativePickFolder();
    if (picked) setDest(picked);
  };
  const start = async (): Promise<void> => {
    const req = { photoIds, dest: dest.trim(), format, sidecars, ...(format === 'jpeg' ? { longEdge, embedTags } : {}) };
    if (await useStore.getState().startExport(req)) onClose();
  };
  const count = `${photoIds.length} ${photoIds.length === 1 ? 'photo' : 'photos'}`;
  if (browsing)
    return (
      <FolderBrowser
        title="Export to this folder"
        confirmLabel="Export here"
        onClose={() => setBrowsing(false)}
        onChoose={(path) => {
          setDest(path);
          setBrowsing(false);
        }}
      />
    );
  return (
    <Modal
      title={`Export ${count}`}
      onClose={onClose}
      testId="export-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={dest.trim() === ''}
            onClick={() => void start()}
            data-testid="export-start"
          >
            Export {count}
          </button>
        </>
      }
    >
      <div className="export-form">
        <label>
          To folder
          <span className="export-folder">
            <input value={dest} onChange={(e) => setDest(e.target.value)} placeholder="/home/me/Export" aria-label="Export folder" />
            <button type="button" className="btn" onClick={() => void browse()}>
              Browse…
            </button>
          </span>
        </label>
        <fieldset>
          <legend>Files</legend>
          <label className="check">
            <input type="radio" name="format" checked={format === 'original'} onChange={() => setFormat('original')} />
            Originals, as they are
          </label>
          <label className="check">
            <input type="radio" name="format" checked={format === 'jpeg'} onChange={() => setFormat('jpeg')} />
            JPEG, turned as shown, at most{' '}
            <select
              value={longEdge}
              onChange={(e) => setLongEdge(Number(e.target.value))}
              aria-label="Longest side"
              disabled={format !== 'jpeg'}
            >
              {SIZES.map((px) => (
                <option key={px} value={px}>
                  {px} px
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={sidecars} onChange={(e) => setSidecars(e.target.checked)} />
          Tags in XMP sidecars (Lightroom, digiKam and darktable read them)
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={format === 'jpeg' && embedTags}
            disabled={format !== 'jpeg'}
            onChange={(e) => setEmbedTags(e.target.checked)}
          />
          Tags inside the JPEG copies (originals are copied as they are)
        </label>
      </div>
    </Modal>
  );
}
