'use client';

import { useSyncExternalStore } from 'react';

/** Below this width the palette, canvas and inspector don't fit side by side. */
export const EDITOR_MIN_WIDTH_PX = 900;
const QUERY = `(min-width: ${EDITOR_MIN_WIDTH_PX}px)`;

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** Whether the window is wide enough for the editor; the server render assumes it is. */
export function useWideScreen(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(QUERY).matches,
    () => true,
  );
}
