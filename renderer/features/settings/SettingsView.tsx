/** Settings: compute provider, precision, tag sensitivity, XMP write-back, theme; saved on change. */
import { useEffect, type ReactNode } from 'react';
import type { Settings } from '../../../preload/contract.js';
import { formatPercent } from '../../lib/format.js';
import { useStore } from '../../store/index.js';

const providerLabels: Record<Settings['provider'], string> = {
  auto: 'Automatic (best available)',
  cpu: 'CPU',
  cuda: 'NVIDIA GPU (CUDA)',
  dml: 'GPU on Windows (DirectML)',
  coreml: 'Apple Neural Engine (Core ML)',
  webgpu: 'GPU (WebGPU)',
};

/** Each control saves immediately; a failure reverts it and shows why. */
export function SettingsView(): ReactNode {
  const settings = useStore((s) => s.settings);
  const provider = useStore((s) => s.status?.provider ?? null);
  const providerNote = useStore((s) => s.status?.providerNote ?? null);
  const options = useStore((s) => s.providers);
  const logFile = useStore((s) => s.status?.logFile ?? null);
  const precisionNow = useStore((s) => s.status?.model?.precisionReason ?? s.status?.model?.precision ?? null);
  useEffect(() => {
    void useStore.getState().loadSettings();
  }, []);
  if (!settings) return <p className="muted pad">Loading settings…</p>;
  const update = (patch: Partial<Settings>): void => void useStore.getState().updateSettings(patch);
  return (
    <div className="page" data-testid="settings-view">
      <header className="page-head">
        <h1>Settings</h1>
      </header>
      <div className="settings">
        <label className="field">
          <span>Compute</span>
          <select
            value={settings.provider}
            onChange={(e) => update({ provider: e.target.value as Settings['provider'] })}
            aria-label="Compute provider"
          >
            <option value="auto">{providerLabels.auto}</option>
            {(options ?? []).map((p) => (
              <option key={p.name} value={p.name} disabled={!p.available && settings.provider !== p.name} title={p.reason ?? undefined}>
                {providerLabels[p.name]}
                {p.available ? '' : ' — not available here'}
              </option>
            ))}
          </select>
          <small className="muted" data-testid="provider-now">
            In use now: {provider ? provider.toUpperCase() : 'not started yet'}. Falls back to the CPU when a GPU is not available.
          </small>
          {providerNote && (
            <small className="warn" data-testid="provider-fallback">
              {providerNote}
            </small>
          )}
          {(options ?? [])
            .filter((p) => !p.available)
            .map((p) => (
              <small key={p.name} className="muted">
                {providerLabels[p.name]}: {p.reason}.
              </small>
            ))}
        </label>
        <label className="field">
          <span>Precision</span>
          <select
            value={settings.precision}
            onChange={(e) => update({ precision: e.target.value as Settings['precision'] })}
            aria-label="Model precision"
          >
            <option value="auto">Automatic</option>
            <option value="fp32">Full (fp32) — most accurate</option>
            <option value="int8">Compact (int8) — smaller and faster</option>
          </select>
          <small className="muted" data-testid="precision-now">
            In use now: {precisionNow ?? 'no model yet'}.
          </small>
        </label>
        <label className="field">
          <span>Tag suggestions: {formatPercent(settings.tagSensitivity)} sensitivity</span>
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={settings.tagSensitivity}
            onChange={(e) => update({ tagSensitivity: Number(e.target.value) })}
            aria-label="Tag suggestion sensitivity"
          />
          <small className="muted">Lower suggests fewer, surer tags; higher suggests more and shows more weak search matches.</small>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={settings.writeXmp}
            onChange={(e) => update({ writeXmp: e.target.checked })}
            aria-label="Write tags to XMP sidecar files"
          />
          Write tags to XMP sidecar files (Lightroom, digiKam and exiftool read them)
        </label>
        {settings.writeXmp && (
          <div className="field">
            <button type="button" className="btn" onClick={() => void useStore.getState().writeSidecarsNow()} data-testid="write-sidecars">
              Write sidecars now
            </button>
            <small className="muted">Rewrites the sidecar of every tagged photo; keywords and fields of other programs are kept.</small>
          </div>
        )}
        <fieldset className="field">
          <legend>Theme</legend>
          <div className="segmented" role="radiogroup" aria-label="Theme">
            {(['system', 'light', 'dark'] as const).map((t) => (
              <label key={t} className={settings.theme === t ? 'seg is-on' : 'seg'}>
                <input type="radio" name="theme" value={t} checked={settings.theme === t} onChange={() => update({ theme: t })} />
                {t === 'system' ? 'Follow the system' : t[0]!.toUpperCase() + t.slice(1)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field" data-testid="log-file">
          <span>Log</span>
          <small className="muted">
            {logFile ? (
              <>
                What Shoebox did and every problem it met are written to <span className="path">{logFile}</span> (the newest three files are
                kept).
              </>
            ) : (
              'In browser mode and on the command line, Shoebox logs to the terminal it runs in.'
            )}
          </small>
        </div>
      </div>
    </div>
  );
}
