/**
 * A small argument parser: the CLI needs its own so that every mistake (an unknown option, a
 * missing value) is reported in the user's language and names exactly what was wrong.
 */

/** A usage mistake: an i18n key of the 'cli' namespace and its parameters. */
export class UsageError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  /** Takes a value (--limit 5, --limit=5) rather than being a flag (--json). */
  value: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

/** Splits argv into positionals and options; `--` ends the options. Unknown options are refused. */
export function parseArgs(argv: readonly string[], specs: Readonly<Record<string, OptionSpec>>, command: string): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const spec = specs[name];
    if (!spec) throw new UsageError('error.unknown_option', { command, option: `--${name}` });
    if (!spec.value) {
      if (eq !== -1) throw new UsageError('error.unexpected_value', { option: `--${name}` });
      options.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') throw new UsageError('error.missing_value', { option: `--${name}` });
    options.set(name, value);
  }
  return { positionals, options };
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function integerOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError('error.bad_integer', { option: `--${name}`, min, max, value: text });
  }
  return value;
}

export function choiceOption<T extends string>(args: ParsedArgs, name: string, choices: readonly T[]): T | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const choice = choices.find((c) => c === text);
  if (choice === undefined) throw new UsageError('error.bad_choice', { option: `--${name}`, choices: choices.join(', '), value: text });
  return choice;
}

/** The positionals as one text: an unquoted `kb search 退款 物流` means the query "退款 物流". */
export function textArgument(positionals: readonly string[], argument: string): string {
  const text = positionals.join(' ').trim();
  if (text === '') throw new UsageError('error.missing_argument', { argument });
  return text;
}
