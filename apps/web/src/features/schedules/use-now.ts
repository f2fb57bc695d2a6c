'use client';

import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs`, so "next fire times" move on as they pass. */
export function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
