import { useCallback, useEffect, useState } from 'react';

function readStream(): string {
  return new URLSearchParams(window.location.search).get('stream')?.trim() ?? '';
}

/**
 * The stream being watched, kept in the URL (`/?stream=NAME`), so a link plays a stream and the back
 * button returns to the previous one.
 */
export function useSelectedStream(): [string, (name: string) => void] {
  const [stream, setStream] = useState(readStream);
  useEffect(() => {
    const onPop = (): void => setStream(readStream());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const select = useCallback((name: string) => {
    const url = new URL(window.location.href);
    if (name) url.searchParams.set('stream', name);
    else url.searchParams.delete('stream');
    if (url.href !== window.location.href) window.history.pushState(null, '', url);
    setStream(name);
  }, []);
  return [stream, select];
}
