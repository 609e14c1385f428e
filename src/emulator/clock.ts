// An injectable clock: every expiry, bypass window and created_on stamp in the
// emulator reads time from here, so tests can move time instead of sleeping.
export interface Clock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function createClock(initial: number = Date.now()): Clock {
  let current = initial;
  return {
    now: () => current,
    set: (ms: number) => {
      current = ms;
    },
    advance: (ms: number) => {
      current += ms;
    },
  };
}
