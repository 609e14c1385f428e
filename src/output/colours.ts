/**
 * Terminal colours: the few styles pat uses, as chainable functions (`colours.red.bold(text)`), replacing chalk.
 * Measured in the bundle, chalk's chunk (its colour-support probing runs on import) was the largest piece of
 * `pat --help` after commander itself; whether to colour is decided by Io (colourLevel), so none of that is needed.
 *
 * Output matches chalk's for the same styles: opening codes in chain order and closing codes in reverse; a nested
 * style's closing code re-opens the outer style; each line is closed and re-opened so that a style never bleeds
 * across a newline. Level 0 returns the text unchanged.
 */

export interface Style {
  (...text: unknown[]): string;
  readonly bold: Style;
  readonly dim: Style;
  readonly red: Style;
  readonly green: Style;
  readonly yellow: Style;
  readonly cyan: Style;
}

export interface Colours extends Style {
  /** 0: no colour; 1–3: colour (the 16 basic colours used here look the same at every level). */
  readonly level: 0 | 1 | 2 | 3;
}

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

type Name = keyof typeof CODES;

interface Layer {
  open: string;
  close: string;
}

const sgr = (code: number) => `\u001b[${code}m`;

function apply(layers: Layer[], text: string): string {
  if (layers.length === 0 || text === '') return text;
  let body = text;
  if (body.includes('\u001b')) {
    for (let i = layers.length - 1; i >= 0; i--) {
      const { open, close } = layers[i]!;
      body = body.split(close).join(close + open);
    }
  }
  const openAll = layers.map((l) => l.open).join('');
  const closeAll = layers.map((l) => l.close).reverse().join('');
  if (body.includes('\n')) body = body.replace(/\r?\n/g, (newline) => closeAll + newline + openAll);
  return openAll + body + closeAll;
}

function style(layers: Layer[], enabled: boolean): Style {
  const fn = ((...text: unknown[]) => {
    const joined = text.map(String).join(' ');
    return enabled ? apply(layers, joined) : joined;
  }) as Style;
  for (const name of Object.keys(CODES) as Name[]) {
    Object.defineProperty(fn, name, {
      get: () => style([...layers, { open: sgr(CODES[name][0]), close: sgr(CODES[name][1]) }], enabled),
    });
  }
  return fn;
}

export function createColours(level: 0 | 1 | 2 | 3): Colours {
  const colours = style([], level > 0) as Style & { level: 0 | 1 | 2 | 3 };
  Object.defineProperty(colours, 'level', { value: level });
  return colours as Colours;
}
