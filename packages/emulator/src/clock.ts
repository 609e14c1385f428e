// The emulators' clock: every expiry, bypass window, created_on stamp and rotated-token name reads time from
// here. Two kinds:
// - real (standalone `pat emulator`, `startEmulator()` without `now`): follows Date.now() plus an offset that
//   set/advance move, so a running emulator shows time passing and tests/admins can still jump ahead;
// - frozen (`startEmulator({ now })`, the test suite): stands still until set/advance, so tests never sleep
//   and never assert against the wall clock.
export interface Clock {
  now(): number;
  /** Jumps to `ms` (epoch ms); a real clock keeps running from there. */
  set(ms: number): void;
  advance(ms: number): void;
  readonly kind: 'real' | 'frozen';
}

export function createClock(initial: number = Date.now()): Clock {
  let current = initial;
  return {
    kind: 'frozen',
    now: () => current,
    set: (ms: number) => {
      current = ms;
    },
    advance: (ms: number) => {
      current += ms;
    },
  };
}

export function realClock(): Clock {
  let offset = 0;
  return {
    kind: 'real',
    now: () => Date.now() + offset,
    set: (ms: number) => {
      offset = ms - Date.now();
    },
    advance: (ms: number) => {
      offset += ms;
    },
  };
}

/** `now` given → frozen there; omitted → the real clock. */
export function clockFor(now: number | undefined): Clock {
  return now === undefined ? realClock() : createClock(now);
}
