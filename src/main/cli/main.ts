/**
 * `npm run cli -- …`: the admin and batch command line over the desktop core, working on a replica
 * file. Usage errors exit with 2, failures (unreadable or bad input files) with 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TFunction } from 'i18next';
import { createCore, type Core } from '../core/create-core';
import { createKbSearch } from '../core/search/kb-search';
import { createReplyRulesSource } from '../core/reply-rules-source';
import { createScriptLibrary } from '../core/search/script-library';
import { CUSTOMER_EMOTIONS, type KbSearchHitView } from '../../shared/contract/knowledge';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../../shared/i18n/resources';
import { checkReply, DEFAULT_REPLY_RULES, type CompiledReplyRules } from '../../shared/text/reply-check';
import { choiceOption, integerOption, parseArgs, stringOption, textArgument, UsageError, type OptionSpec, type ParsedArgs } from './args';
import { importArticles, parseImportFile } from './commands/kb-import';
import { createTranslator } from './i18n';
import { formatTable } from './table';

const DEFAULT_DATA_DIR = '.data/workstation';
/** Bad lines listed before the rest are only counted. */
const MAX_LISTED_PROBLEMS = 20;

const flag: OptionSpec = { value: false };
const valued: OptionSpec = { value: true };
// --data-dir is accepted everywhere, so one shell alias serves every command.
const common = { json: flag, help: flag, lang: valued, 'data-dir': valued };

const COMMANDS = {
  'kb import': { options: common, run: kbImport },
  'kb search': { options: { ...common, limit: valued }, run: kbSearch },
  'scripts recommend': { options: { ...common, limit: valued, emotion: valued, tags: valued }, run: scriptsRecommend },
  'check-reply': { options: { ...common, 'customer-emotion': valued, 'refund-limit': valued }, run: checkReplyCommand },
} satisfies Record<string, { options: Record<string, OptionSpec>; run: (args: ParsedArgs, io: Io) => Promise<number> }>;

type CommandName = keyof typeof COMMANDS;

interface Io {
  t: TFunction;
  json: boolean;
  out(text: string): void;
  err(text: string): void;
}

/** A failure to report (not a usage mistake): a 'cli' key and its parameters. */
class CommandFailed extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

const silentInfo = {
  info: () => {},
  warn: (message: string, detail?: unknown) => console.error(message, detail ?? ''),
  error: (message: string, detail?: unknown) => console.error(message, detail ?? ''),
};

function dataDirOf(args: ParsedArgs): string {
  return resolve(stringOption(args, 'data-dir') ?? DEFAULT_DATA_DIR);
}

/** Opens the core on an existing replica: a mistyped --data-dir must not quietly create an empty one. */
async function openExistingCore(args: ParsedArgs): Promise<Core> {
  const dataDir = dataDirOf(args);
  if (!existsSync(join(dataDir, 'replica.sqlite'))) throw new CommandFailed('error.no_replica', { dir: dataDir });
  return createCore({ dataDir, log: silentInfo });
}

async function withCore<T>(core: Core, use: (core: Core) => Promise<T>): Promise<T> {
  try {
    return await use(core);
  } finally {
    await core.close();
  }
}

const score = (value: number) => value.toFixed(3);

async function kbImport(args: ParsedArgs, io: Io): Promise<number> {
  const [file, extra] = args.positionals;
  if (file === undefined) throw new UsageError('error.missing_argument', { argument: 'file' });
  if (extra !== undefined) throw new UsageError('error.extra_argument', { value: extra });
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandFailed('error.unreadable_file', { file, reason: error instanceof Error ? error.message : String(error) });
  }
  const { articles, problems } = parseImportFile(content);
  if (problems.length > 0) {
    for (const problem of problems.slice(0, MAX_LISTED_PROBLEMS)) {
      const reason = problem.reasonKey === undefined ? '' : io.t(problem.reasonKey, { defaultValue: io.t('errors:api.invalid_value') });
      io.err(io.t(problem.key, { ...problem.params, reason }));
    }
    if (problems.length > MAX_LISTED_PROBLEMS) io.err(io.t('import.more_errors', { count: problems.length - MAX_LISTED_PROBLEMS }));
    io.err(io.t('import.rejected', { file, count: problems.length }));
    return 1;
  }
  if (articles.length === 0) throw new CommandFailed('import.empty', { file });

  // Importing may create the replica: building a knowledge base offline starts from nothing.
  const core = await createCore({ dataDir: dataDirOf(args), log: silentInfo });
  const summary = await withCore(core, async () => {
    const result = importArticles(core.replica.sqlite, articles, new Date().toISOString());
    // Index now, so the first search after an import does not pay for it.
    createKbSearch(core.replica.sqlite).refresh();
    return result;
  });
  io.out(
    io.json
      ? JSON.stringify(summary)
      : io.t('import.done', { total: summary.total, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, categories: summary.categoriesCreated }),
  );
  return 0;
}

async function kbSearch(args: ParsedArgs, io: Io): Promise<number> {
  const query = textArgument(args.positionals, 'query');
  const limit = integerOption(args, 'limit', 1, 50) ?? 10;
  const hits = await withCore(await openExistingCore(args), (core) => core.invoke('kb.search', { query, limit }) as Promise<KbSearchHitView[]>);
  if (io.json) io.out(JSON.stringify(hits.map(({ id, title, score: s }) => ({ id, title, score: s }))));
  else if (hits.length === 0) io.out(io.t('result.no_articles'));
  else {
    io.out(
      formatTable(
        [io.t('table.rank'), io.t('table.score'), io.t('table.id'), io.t('table.title'), io.t('table.category')],
        hits.map((h, i) => [String(i + 1), score(h.score), h.id, h.title, h.categoryPath.join(' › ')]),
        [4, 8, 24, 40, 40],
      ),
    );
  }
  return 0;
}

function splitTags(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[,，、]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

async function scriptsRecommend(args: ParsedArgs, io: Io): Promise<number> {
  const message = textArgument(args.positionals, 'message');
  const emotion = choiceOption(args, 'emotion', CUSTOMER_EMOTIONS);
  const limit = integerOption(args, 'limit', 1, 20) ?? 5;
  const tags = splitTags(stringOption(args, 'tags'));
  const ranked = await withCore(await openExistingCore(args), (core) => createScriptLibrary(core.replica.db).recommend({ messages: [message], emotion, tags, limit }));
  if (io.json) io.out(JSON.stringify(ranked.map(({ script, score: s }) => ({ id: script.id, title: script.title, score: s }))));
  else if (ranked.length === 0) io.out(io.t('result.no_scripts'));
  else {
    io.out(
      formatTable(
        [io.t('table.rank'), io.t('table.score'), io.t('table.id'), io.t('table.title'), io.t('table.category')],
        ranked.map(({ script, score: s }, i) => [String(i + 1), score(s), script.id, script.title, script.category]),
        [4, 8, 24, 40, 16],
      ),
    );
  }
  return 0;
}

function amountOption(args: ParsedArgs, name: string): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new UsageError('error.bad_amount', { option: `--${name}`, value: text });
  return value;
}

/**
 * The rules the console of this replica checks with (admins' edits synced into it); the rules
 * file when there is no replica, which a person is told on stderr (--json output stays as it is).
 */
async function rulesInForce(args: ParsedArgs, io: Io): Promise<CompiledReplyRules> {
  const dataDir = dataDirOf(args);
  if (!existsSync(join(dataDir, 'replica.sqlite'))) {
    if (!io.json) io.err(io.t('result.builtin_rules', { dir: dataDir }));
    return DEFAULT_REPLY_RULES;
  }
  return withCore(await openExistingCore(args), (core) => createReplyRulesSource(core.replica.db).current());
}

async function checkReplyCommand(args: ParsedArgs, io: Io): Promise<number> {
  const text = textArgument(args.positionals, 'text');
  const customerEmotion = choiceOption(args, 'customer-emotion', CUSTOMER_EMOTIONS);
  const refundLimitYuan = amountOption(args, 'refund-limit');
  const findings = checkReply(text, { customerEmotion, refundLimitYuan }, await rulesInForce(args, io)).map((f) => ({
    rule: f.rule,
    start: f.start,
    end: f.end,
    message: io.t(`reply-check:${f.messageKey}`, f.messageParams ?? {}),
    suggestion: f.suggestion,
  }));
  if (io.json) io.out(JSON.stringify({ findings }));
  else if (findings.length === 0) io.out(io.t('result.no_findings'));
  else {
    io.out(
      formatTable(
        [io.t('table.rule'), io.t('table.span'), io.t('table.message'), io.t('table.suggestion')],
        findings.map((f) => [io.t(`reply-check:rule.${f.rule}`), `${f.start}-${f.end} 「${text.slice(f.start, f.end)}」`, f.message, f.suggestion]),
        [12, 30, 60, 60],
      ),
    );
  }
  return 0;
}

const VALUED_OPTIONS = new Set(Object.values(COMMANDS).flatMap(({ options }) => Object.entries(options).filter(([, spec]) => spec.value).map(([name]) => `--${name}`)));

/**
 * The command named by the first positionals (`kb search`, `check-reply`) and argv without them.
 * Options may come first (`--data-dir x kb search …`), so their values are skipped while looking.
 */
function findCommand(argv: readonly string[]): { name: CommandName; rest: string[] } | { unknown: string } | null {
  const positions: number[] = [];
  for (let i = 0; i < argv.length && positions.length < 2; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      if (VALUED_OPTIONS.has(arg)) i++;
      continue;
    }
    positions.push(i);
  }
  const [first, second] = positions.map((i) => argv[i] ?? '');
  if (first === undefined) return null;
  const pair = `${first} ${second ?? ''}`;
  if (pair in COMMANDS) return { name: pair as CommandName, rest: argv.filter((_, i) => i !== positions[0] && i !== positions[1]) };
  if (first in COMMANDS) return { name: first as CommandName, rest: argv.filter((_, i) => i !== positions[0]) };
  // `kb frobnicate` names the group and the unknown subcommand.
  const isGroup = Object.keys(COMMANDS).some((name) => name.startsWith(`${first} `));
  return { unknown: isGroup && second !== undefined ? pair : first };
}

async function main(argv: readonly string[]): Promise<number> {
  const langIndex = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const langText = langIndex === -1 ? undefined : argv[langIndex]?.includes('=') ? argv[langIndex]?.split('=')[1] : argv[langIndex + 1];
  const language = LANGUAGES.find((l) => l === langText) ?? DEFAULT_LANGUAGE;
  const t = createTranslator(language);
  const io: Io = { t, json: false, out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };
  const help = () => io.out(t('help', { emotions: CUSTOMER_EMOTIONS.join(', '), languages: LANGUAGES.join(', ') }));

  const usage = (key: string, params: Record<string, string | number>) => {
    const translated = params.argument === undefined ? params : { ...params, argument: t(`argument.${params.argument}`) };
    io.err(t('error.prefix', { message: t(key, translated) }));
    io.err(t('error.hint'));
    return 2;
  };

  try {
    if (langText !== undefined && !LANGUAGES.some((l) => l === langText)) {
      throw new UsageError('error.bad_choice', { option: '--lang', choices: LANGUAGES.join(', '), value: langText });
    }
    const found = findCommand(argv);
    if (found === null) {
      if (argv.includes('--help') || argv.length === 0) {
        help();
        return argv.length === 0 ? 2 : 0;
      }
      throw new UsageError('error.no_command');
    }
    if ('unknown' in found) throw new UsageError('error.unknown_command', { command: found.unknown });
    const command = COMMANDS[found.name];
    const args = parseArgs(found.rest, command.options, found.name);
    if (args.options.has('help')) {
      help();
      return 0;
    }
    io.json = args.options.has('json');
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.key, error.params);
    if (error instanceof CommandFailed) {
      io.err(t('error.prefix', { message: t(error.key, error.params) }));
      return 1;
    }
    io.err(t('error.prefix', { message: t('error.failed', { reason: error instanceof Error ? error.message : String(error) }) }));
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
