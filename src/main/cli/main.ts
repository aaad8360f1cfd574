/**
 * `npm run cli -- …`: the admin and batch command line over the desktop core, working on a replica
 * file. Usage errors exit with 2, failures (unreadable or bad input files) with 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { TFunction } from 'i18next';
import { createCore, type Core } from '../core/create-core';
import { applyLocalMutationsAtomically } from '../core/mutate';
import { createKbSearch } from '../core/search/kb-search';
import { createReplyRulesSource } from '../core/reply-rules-source';
import { createScriptLibrary } from '../core/search/script-library';
import { CUSTOMER_EMOTIONS, type KbSearchHitView } from '../../shared/contract/knowledge';
import { CONTENT_STATUSES } from '../../shared/domain/enums';
import type { MutationActor } from '../../shared/mutations';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../../shared/i18n/resources';
import { checkReply, DEFAULT_REPLY_RULES, type CompiledReplyRules } from '../../shared/text/reply-check';
import { choiceOption, integerOption, parseArgs, stringOption, textArgument, UsageError, type OptionSpec, type ParsedArgs } from './args';
import { importMutations, importSummary, parseImportFile, type ImportLine } from './commands/kb-import';
import { createTranslator } from './i18n';
import { formatTable } from './table';

const DEFAULT_DATA_DIR = '.data/workstation';
/** `kb import --server`: one replica per server and user below this folder. */
const DEFAULT_CLI_SERVER_DIR = '.data/cli';
/** Bad lines listed before the rest are only counted. */
const MAX_LISTED_PROBLEMS = 20;

const flag: OptionSpec = { value: false };
const valued: OptionSpec = { value: true };
// --data-dir is accepted everywhere, so one shell alias serves every command.
const common = { json: flag, help: flag, lang: valued, 'data-dir': valued };

const COMMANDS = {
  'kb import': { options: { ...common, status: valued, server: valued, user: valued, password: valued }, run: kbImport },
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

interface ServerOptions {
  url: string;
  username: string;
  password: string;
}

/** --server, --user and --password go together. */
function serverOptions(args: ParsedArgs): ServerOptions | null {
  const url = stringOption(args, 'server');
  const username = stringOption(args, 'user');
  const password = stringOption(args, 'password');
  if (url === undefined && username === undefined && password === undefined) return null;
  if (url === undefined || username === undefined || password === undefined) throw new UsageError('error.server_options');
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new UsageError('error.bad_url', { value: url });
  return { url: url.replace(/\/+$/, ''), username, password };
}

/** Each server and user gets a replica of its own, so importing for two never mixes their data. */
function importDataDir(args: ParsedArgs, server: ServerOptions | null): string {
  const given = stringOption(args, 'data-dir');
  if (given !== undefined || server === null) return dataDirOf(args);
  const host = new URL(server.url).host.replace(/[^a-zA-Z0-9.-]/g, '_');
  return resolve(DEFAULT_CLI_SERVER_DIR, `${host}-${server.username.replace(/[^a-zA-Z0-9._-]/g, '_')}`);
}

/**
 * Before the sync engine starts: the CLI signs in with the password it was given on every run
 * (a token left by another user must not be used), and a replica stays with the server it was
 * filled from.
 */
function prepareServerReplica(dataDir: string, server: ServerOptions): void {
  const file = join(dataDir, 'replica.sqlite');
  if (!existsSync(file)) return;
  const sqlite = new Database(file);
  try {
    const hasState = sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = 'sync_state'`).get();
    if (!hasState) return;
    const known = sqlite.prepare(`select value from sync_state where key = 'cli_server'`).pluck().get() as string | undefined;
    if (known !== undefined && known !== server.url) throw new CommandFailed('import.other_server', { dir: dataDir, server: known });
    sqlite.prepare(`delete from sync_state where key = 'token'`).run();
  } finally {
    sqlite.close();
  }
}

const SYNC_FAILURES: Record<string, string> = {
  unauthorized: 'import.sign_in_refused',
  update_required: 'import.update_required',
};

/** Brings the replica up to date with the server, or says why it cannot. */
async function syncWith(core: Core, server: ServerOptions): Promise<void> {
  const engine = core.sync();
  await engine?.requestSync();
  const connection = engine?.status().connection;
  if (connection === 'online') return;
  throw new CommandFailed(SYNC_FAILURES[connection ?? ''] ?? 'import.server_unreachable', { server: server.url });
}

async function signedInActor(core: Core): Promise<MutationActor | null> {
  const row = await core.replica.db
    .selectFrom('sync_state')
    .innerJoin('users', 'users.id', 'sync_state.value')
    .select(['users.id', 'users.role'])
    .where('sync_state.key', '=', 'user_id')
    .executeTakeFirst();
  return row ? { userId: row.id, role: row.role } : null;
}

interface ServerOutcome {
  url: string;
  applied: number;
  refused: { line: number; id: string; messageKey: string; message: string }[];
  /** Imported into the replica but not yet acknowledged: sent by the next import or sync of it. */
  queued: number;
}

/** What the server made of the lines the replica queued, read back from the outbox after a sync. */
async function serverOutcome(core: Core, server: ServerOptions, queuedLines: Map<number, ImportLine>, io: Io): Promise<ServerOutcome> {
  await core.sync()?.requestSync();
  const acknowledged = Number(
    (await core.replica.db.selectFrom('sync_state').select('value').where('key', '=', 'last_mutation_seq').executeTakeFirst())?.value ?? 0,
  );
  const rows = await core.replica.db.selectFrom('outbox').select(['seq', 'status', 'error']).where('seq', 'in', [...queuedLines.keys(), -1]).execute();
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  const outcome: ServerOutcome = { url: server.url, applied: 0, refused: [], queued: 0 };
  for (const [seq, article] of queuedLines) {
    const row = bySeq.get(seq);
    if (row?.status === 'rejected') {
      const messageKey = row.error ?? 'errors:mutation.rejected';
      outcome.refused.push({ line: article.line, id: article.id, messageKey, message: io.t(messageKey) });
    } else if (row && seq > acknowledged) outcome.queued++;
    else outcome.applied++;
  }
  return outcome;
}

async function kbImport(args: ParsedArgs, io: Io): Promise<number> {
  const [file, extra] = args.positionals;
  if (file === undefined) throw new UsageError('error.missing_argument', { argument: 'file' });
  if (extra !== undefined) throw new UsageError('error.extra_argument', { value: extra });
  const status = choiceOption(args, 'status', CONTENT_STATUSES);
  const server = serverOptions(args);
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandFailed('error.unreadable_file', { file, reason: error instanceof Error ? error.message : String(error) });
  }
  const { articles, problems } = parseImportFile(content);
  const reportProblems = (list: readonly { key: string; params: Record<string, string | number>; reason: string }[]) => {
    for (const problem of list.slice(0, MAX_LISTED_PROBLEMS)) io.err(io.t(problem.key, { ...problem.params, reason: problem.reason }));
    if (list.length > MAX_LISTED_PROBLEMS) io.err(io.t('import.more_errors', { count: list.length - MAX_LISTED_PROBLEMS }));
    io.err(io.t('import.rejected', { file, count: list.length }));
    return 1;
  };
  if (problems.length > 0) {
    return reportProblems(
      problems.map((p) => ({ key: p.key, params: p.params, reason: p.reasonKey === undefined ? '' : io.t(p.reasonKey, { defaultValue: io.t('errors:api.invalid_value') }) })),
    );
  }
  if (articles.length === 0) throw new CommandFailed('import.empty', { file });

  const dataDir = importDataDir(args, server);
  // Without a server the import goes into an existing replica as its signed-in user.
  if (server === null && !existsSync(join(dataDir, 'replica.sqlite'))) throw new CommandFailed('import.no_replica', { dir: dataDir });
  if (server !== null) prepareServerReplica(dataDir, server);
  const core = await createCore({
    dataDir,
    log: silentInfo,
    // No pokes or polling: the CLI syncs exactly when it needs to and then exits.
    sync: server === null ? undefined : { serverUrl: server.url, credentials: { username: server.username, password: server.password }, pokes: false, pollIntervalMs: 3_600_000, maxBackoffMs: 3_600_000 },
  });
  return withCore(core, async () => {
    if (server !== null) {
      await syncWith(core, server);
      await core.replica.db.insertInto('sync_state').values({ key: 'cli_server', value: server.url }).onConflict((oc) => oc.column('key').doUpdateSet({ value: server.url })).execute();
    }
    const actor = await signedInActor(core);
    if (actor === null) throw new CommandFailed('import.no_user', { dir: dataDir });
    const { committed, outcomes } = await applyLocalMutationsAtomically(core.replica.db, actor, new Date().toISOString(), importMutations(articles, status));
    if (!committed) {
      return reportProblems(
        outcomes.flatMap((outcome, index) => {
          const article = articles[index];
          return outcome.kind === 'refused' && article ? [{ key: 'import.refused_line', params: { line: article.line, id: article.id }, reason: io.t(outcome.messageKey) }] : [];
        }),
      );
    }
    // Index now, so the first search after an import does not pay for it.
    createKbSearch(core.replica.sqlite).refresh();
    const summary = importSummary(outcomes);
    const queuedLines = new Map<number, ImportLine>();
    outcomes.forEach((outcome, index) => {
      const article = articles[index];
      if (outcome.kind === 'applied' && article) queuedLines.set(outcome.seq, article);
    });
    const sent = server === null ? null : await serverOutcome(core, server, queuedLines, io);
    if (io.json) {
      io.out(JSON.stringify(sent === null ? summary : { ...summary, server: sent }));
    } else {
      io.out(io.t('import.done', { total: summary.total, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, categories: summary.categoriesCreated }));
      if (sent === null) io.out(io.t('import.queued_locally', { count: queuedLines.size }));
      else {
        io.out(io.t('import.server_done', { server: sent.url, applied: sent.applied, refused: sent.refused.length }));
        for (const refusal of sent.refused) io.err(io.t('import.refused_line', { line: refusal.line, id: refusal.id, reason: refusal.message }));
        if (sent.queued > 0) io.err(io.t('import.still_queued', { count: sent.queued, dir: dataDir }));
      }
    }
    return sent !== null && (sent.refused.length > 0 || sent.queued > 0) ? 1 : 0;
  });
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
