/** "Show in folder": the file manager in the desktop app; in browser mode, the path copied for the person to paste. */
import type { ReactNode } from 'react';
import { nativeShowInFolder, unwrap } from '../../lib/api.js';
import { useStore } from '../../store/index.js';

/** One button under the photo's facts. */
export function ShowInFolder({ photoId, path }: { photoId: number; path: string }): ReactNode {
  const show = async (): Promise<void> => {
    const s = useStore.getState();
    if (nativeShowInFolder) {
      await s.attempt(() => unwrap(nativeShowInFolder!(photoId)));
      return;
    }
    try {
      await navigator.clipboard.writeText(path);
      s.toast('info', `Copied ${path}: paste it into your file manager (a browser cannot open it for you).`);
    } catch {
      s.toast('error', `The browser would not copy the path. It is ${path}`);
    }
  };
  return (
    <button type="button" className="btn" onClick={() => void show()} data-testid="show-in-folder">
      {nativeShowInFolder ? 'Show in folder' : 'Copy the file’s path'}
    </button>
  );
}
