//! Command effects: what each command of a RUN body does, as typed facts computed from
//! the shell reading of the body and the per-program specs in
//! `transforms/effects/programs.toml`. Transforms read these facts instead of matching
//! program names or raw text: a program without a spec has unknown effects
//! ([`Effect::known`] is false) and a transform then stays conservative.

use std::collections::BTreeMap;

use serde::Deserialize;

mod invocation;
mod script;

pub use invocation::{Invocation, basename};

use crate::syntax::ShellBody;
use crate::syntax::shell::{Command, ShellWord};

/// Which operands (words that are not options) a role applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Operands {
    All,
    Last,
    AllButLast,
    AllButFirst,
}

impl Operands {
    fn pick<'a>(self, ops: &[&'a ShellWord]) -> Vec<&'a ShellWord> {
        let n = ops.len();
        match self {
            Operands::All => ops.to_vec(),
            Operands::Last => ops.last().copied().into_iter().collect(),
            Operands::AllButLast => ops[..n.saturating_sub(1)].to_vec(),
            Operands::AllButFirst => ops.get(1..).map(<[_]>::to_vec).unwrap_or_default(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstallSpec {
    pub manager: String,
    pub subcommands: Vec<String>,
}

/// The project a subcommand works on in the working directory (`npm ci`, `go mod
/// download`): the manifests it reads there, and whether it also reads the sources.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectSpec {
    /// The project's kind (`npm`, `python-poetry`, `go`, ...), for the transforms' data.
    pub kind: String,
    /// Leading subcommand words (any one list).
    pub subcommands: Vec<Vec<String>>,
    /// Files and folders (ending in `/`) it reads from the working directory when there.
    pub files: Vec<String>,
    /// Unless one of these options is given, it also installs the project itself (so it
    /// reads its sources).
    #[serde(default)]
    pub sources_unless: Vec<String>,
    /// Unless one of these options is given, it runs the project's own scripts (hooks
    /// its manifest names).
    #[serde(default)]
    pub scripts_unless: Vec<String>,
    /// Whether it works on the project only with no package operands (`npm install`,
    /// not `npm install express`, which also rewrites the manifests).
    #[serde(default)]
    pub no_packages: bool,
    /// Options that make it work on a project in another directory (`--prefix`).
    #[serde(default)]
    pub elsewhere: Vec<String>,
    /// Manifests it may write back when they are there (a lock file brought up to
    /// date), each with what keeps it from doing so.
    #[serde(default)]
    pub rewrites: Vec<RewriteSpec>,
    /// Files of the project it runs as code when they are there (pnpm's
    /// .pnpmfile.cjs), each with the options that keep it from doing so.
    #[serde(default)]
    pub runs_files: std::collections::BTreeMap<String, Vec<String>>,
}

/// A manifest a project install may write back (`npm install` and package-lock.json).
#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewriteSpec {
    pub file: String,
    /// Options with which it leaves the file as it is (`--frozen-lockfile`).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Subcommands (leading words) that leave it as it is (`npm ci`).
    #[serde(default)]
    pub not: Vec<Vec<String>>,
    /// Subcommands that write it back whatever the options and settings say (`npm ci`
    /// and a yarn.lock, seen with npm 11).
    #[serde(default)]
    pub always: Vec<Vec<String>>,
    /// Environment variables that, set to a true value, leave it as it is
    /// (`BUNDLE_FROZEN`); the transforms check them against the image's ENV.
    #[serde(default)]
    pub unless_env: Vec<String>,
    /// Settings in a file of the project that leave it as it is: file -> lines
    /// (`.npmrc` -> `package-lock=false`); the transforms check them against the build
    /// context.
    #[serde(default)]
    pub unless_in: std::collections::BTreeMap<String, Vec<String>>,
}

/// One program's spec (see the data file's header for the keys).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Spec {
    pub session: bool,
    /// Environment variables that stand for its options naming files, a folder or a
    /// project (pip reads `PIP_FIND_LINKS` as `--find-links`): the words do not show
    /// them, so a transform checks them against the image's ENV.
    pub env_options: Vec<String>,
    /// It changes nothing but what it prints (its redirections aside).
    pub output_only: bool,
    /// It changes the shell's working directory (`cd`).
    pub chdir: bool,
    pub reads_hash: bool,
    pub with_value: Vec<String>,
    pub writes: Option<Operands>,
    pub reads: Option<Operands>,
    pub removes: Option<Operands>,
    pub links: bool,
    pub writes_option: Vec<String>,
    /// Options with which it writes files no word of it names (`curl -O`: named after
    /// the URL or by the server).
    pub writes_unnamed: Vec<String>,
    /// Options without which it writes such files (`wget` names its file after the URL
    /// unless `-O` names it).
    pub writes_unnamed_unless: Vec<String>,
    /// Options whose value is the folder those files go to (`wget -P DIR`).
    pub unnamed_dir: Vec<String>,
    /// Options whose value is the file it works on (`tar -f`): read, or written when
    /// one of `file_written_with` is given (`tar -c`).
    pub file_option: Vec<String>,
    pub file_written_with: Vec<String>,
    /// Its first word, when it does not start with `-`, is a cluster of options (tar's
    /// traditional syntax: `tar xzf a.tgz`).
    pub old_style: bool,
    /// It reads and may change the files of its working directory (git's work tree, a
    /// build's project) with any subcommand but these (leading words; `[]`: none), and
    /// unless one of `work_tree_unless` is given.
    pub work_tree_except: Option<Vec<Vec<String>>>,
    pub work_tree_unless: Vec<String>,
    /// Options whose value is the folder it works in instead (`git -C DIR`, `make -C`).
    pub work_tree_option: Vec<String>,
    /// Subcommands that write their last operand when given two or more (`git clone
    /// URL DIR`), else a folder named after the first (`*`).
    pub clones: Vec<String>,
    pub reads_option: Vec<String>,
    /// Options that make it write the operands it reads (`sed -i`).
    pub in_place: Vec<String>,
    pub project: Option<ProjectSpec>,
    pub downloads: bool,
    pub compiler: bool,
    /// A shell: with a file or `-c` operand it runs a script dockerlean does not read.
    pub shell: bool,
    pub install: Option<InstallSpec>,
    /// The package manager a program belongs to when it installs nothing itself
    /// (`apt-mark`); one with `install` belongs to that one's manager.
    pub manager: Option<String>,
    pub compiles: Vec<Vec<String>>,
    /// Words (an option or operand) that make it run a command given in its arguments
    /// (`find -exec`, `git submodule foreach`); `*`: any use (`eval`).
    pub runs_commands: Vec<String>,
    /// Text in an argument that makes it run a command (awk's `system(`).
    pub runs_commands_text: Vec<String>,
    pub system_shell: Vec<String>,
    pub subcommand_with_value: Vec<String>,
    /// Options that take the place of its first operand (the script, pattern or
    /// reference comes by the option: `sed -e S f`, `grep -f pats f`, `chmod
    /// --reference=r f`): with one given, a role for all but the first operand applies
    /// to all.
    pub first_operand_options: Vec<String>,
    /// Options that name the target folder (`cp -t DIR a b`): with one given, a role
    /// for all but the last operand applies to all.
    pub all_sources_with: Vec<String>,
    /// Options with which what it does is not known (`sed -f FILE`: a script not read).
    pub unknown_with: Vec<String>,
    /// The language of the script it runs (`sed`, `awk`): the values of
    /// `script_options`, else its first operand, read for the files it writes and reads
    /// and the commands it runs; a script not read in full makes its facts unknown.
    pub script: Option<String>,
    pub script_options: Vec<String>,
    /// What it reads when no operand names a file (`ls`: `.`), with one of
    /// `default_read_with` given (`grep -r`; none listed: always).
    pub default_read: Option<String>,
    pub default_read_with: Vec<String>,
    /// Its operands are the words before its expression, `.` when none (find's
    /// starting points): read, and removed with all under them given one of
    /// `removes_with` (`-delete`).
    pub leading_paths: bool,
    pub removes_with: Vec<String>,
    /// It replaces each file operand by a compressed or decompressed one (gzip).
    pub compressor: Option<CompressorSpec>,
    /// An operand `file://PATH` is a file it reads (`curl file:///etc/x`).
    pub file_urls: bool,
    /// Options whose value, when a `file:` URL, names a path it reads (`pip install
    /// -i file:///wheels`).
    pub file_url_options: Vec<String>,
    /// Options with which it keeps what it replaces as a backup (`cp -b`: `b~`,
    /// `b.~1~`), named after a listing of the target's folder.
    pub backup_with: Vec<String>,
    /// Options with which it also removes each operand's parent folders (`rmdir -p`).
    pub removes_parents_with: Vec<String>,
    /// Options with which every operand is written (`install -d`: folders it makes).
    pub writes_all_with: Vec<String>,
}

/// A compressor that replaces its file operands (gzip(1)): `a` by `a.gz`, or, when it
/// decompresses, `a.gz` by `a`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CompressorSpec {
    /// The suffix it adds.
    pub suffix: String,
    /// The suffixes it takes off when it decompresses, and what each becomes
    /// (`.tgz` = `.tar`); a file with none of them is left alone.
    pub suffixes: BTreeMap<String, String>,
    /// It decompresses (gunzip), or does so with one of these options.
    pub decompresses: bool,
    pub decompress_with: Vec<String>,
    /// Options with which it writes to its output or only tests or lists: no file is
    /// written or removed.
    pub output_with: Vec<String>,
    /// Options with which it keeps the file it compresses or decompresses.
    pub keep_with: Vec<String>,
    /// Options with which its operands are folders it works through: written and
    /// removed, with all under them.
    pub recursive_with: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programs {
    pub programs: BTreeMap<String, Spec>,
    pub wrappers: BTreeMap<String, Wrapper>,
    pub daemons: BTreeMap<String, Daemon>,
    pub hash: HashFacts,
}

/// What the shells' command hash depends on: see `[hash]` in programs.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HashFacts {
    pub builtins: Vec<String>,
    pub system_managers: Vec<String>,
    pub no_programs: Vec<String>,
    pub path_dirs: Vec<String>,
}

/// A daemon that runs command lines from files of its own (supervisord's `command=`
/// lines, cron's tables): see `[daemons]` in programs.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Daemon {
    /// The words that start it (`cron`, `crond`).
    pub names: Vec<String>,
    /// Its configuration, found by file name in the build context.
    pub context_names: Vec<String>,
    /// Where its configuration is in the image (a folder ends in `/`).
    pub configs: Vec<String>,
    /// The key of the configuration lines that hold a command line.
    pub key: String,
    /// Where per-user cron tables are in the image (no user field).
    pub tables: Vec<String>,
    /// Where system cron tables are (a user field before the command).
    pub tables_with_user: Vec<String>,
    /// Folders whose files it runs as scripts.
    pub scripts: Vec<String>,
    /// Programs whose file operand becomes one of its tables (`crontab FILE`).
    pub installers: Vec<String>,
    /// Names of it that take a table as their operand (`supercronic FILE`).
    pub table_operand: Vec<String>,
    /// Their options that take the next word as a value (`-sentry-dsn URL`), so it is
    /// not read as the table.
    pub table_operand_with_value: Vec<String>,
    /// Options that name its configuration file in the image (`supervisord -c FILE`);
    /// a long one also by a prefix of at least `config_long_prefix` (getopt's long
    /// options), a short one also at the end of a cluster of `short_flags`.
    pub config_options: Vec<String>,
    pub config_long_prefix: String,
    pub short_flags: Vec<String>,
    /// Where it looks for its configuration relative to its working directory, which
    /// is not known (a `cd` may precede it): any file of that path's tail.
    pub cwd_configs: Vec<String>,
    /// Programs that start a shell reading their standard input (`su -`), for a cron
    /// job's `%` input.
    pub stdin_shells: Vec<String>,
    /// The section and key of its configuration that include more files
    /// (`[include] files = conf.d/*.conf`).
    pub include_section: String,
    pub include_key: String,
    /// Text in a command line it expands itself (`%(ENV_PORT)s`): such a line is not
    /// known in full.
    pub expansions: Vec<String>,
}

impl Daemon {
    /// Whether the image path `p` is one of its files: a configuration, a table or a
    /// script it runs.
    pub fn owns(&self, p: &str) -> bool {
        self.configs
            .iter()
            .chain(&self.tables)
            .chain(&self.tables_with_user)
            .chain(&self.scripts)
            .any(|d| under(p, d))
    }
}

/// Whether the image path `p` is `place` or, for a folder (`/etc/cron.d/`), inside it.
pub fn under(p: &str, place: &str) -> bool {
    let p = p.trim_matches('"');
    match place.strip_suffix('/') {
        Some(dir) => p == dir || p.starts_with(place),
        None => p == place,
    }
}

/// A program that runs the command after its own options and operands (`sudo -u app
/// make`, `timeout 60 curl`): see [`Invocation`].
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Wrapper {
    /// Options that take the next word as their value.
    pub with_value: Vec<String>,
    /// Words before the command (a duration, a user).
    pub operands: usize,
    /// It takes `NAME=VALUE` words before the command.
    pub assignments: bool,
    /// It runs the command as another user (gosu, su-exec).
    pub switches_user: bool,
    /// It does when given one of these options (`sudo -u app`).
    pub user_options: Vec<String>,
    /// Options whose value is a file it reads (`xargs -a FILE`).
    pub reads_option: Vec<String>,
    /// Options whose value is a file it writes (`time -o FILE`).
    pub writes_option: Vec<String>,
    /// It adds words to the command's (`xargs`: from its input).
    pub appends_operands: bool,
    /// Options that run the command in another folder (`env -C DIR`).
    pub chdir_options: Vec<String>,
}

impl Wrapper {
    /// Where the command starts in the words after the wrapper: past its options (and
    /// the values of those that take one), its NAME=VALUE words, a `--`, and its own
    /// operands. None when no command follows.
    pub fn command_at<S: AsRef<str>>(&self, args: &[S]) -> Option<usize> {
        let mut i = 0;
        while let Some(v) = args.get(i).map(AsRef::as_ref) {
            if v == "--" {
                i += 1;
                break;
            }
            if v.starts_with('-') && v.len() > 1 {
                i += if self.with_value.iter().any(|o| o == v) {
                    2
                } else {
                    1
                };
            } else if self.assignments && v.contains('=') {
                i += 1;
            } else {
                break;
            }
        }
        let at = i + self.operands;
        (at < args.len()).then_some(at)
    }
}

data_file!(pub fn programs() -> Programs = "effects/programs.toml");

/// Paths whose change replaces the shell that runs every later RUN.
pub const SYSTEM_SHELLS: &[&str] = &["/bin/sh", "/usr/bin/sh"];

/// Packages a command installs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Install {
    pub manager: String,
    pub packages: Vec<String>,
}

/// The project a command works on in its working directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub kind: String,
    /// The manifests it reads (relative to the working directory), when present.
    pub files: Vec<String>,
    /// It also installs the project itself: it reads the sources.
    pub sources: bool,
    /// It runs the scripts the project's manifest names.
    pub scripts: bool,
    /// An option points it at a project in another directory (`npm --prefix dir ci`).
    pub elsewhere: bool,
    /// Manifests (relative to the working directory) it may write back when they are
    /// there: a lock file brought up to date (`npm install`, not `npm ci`).
    pub rewrites: Vec<Rewrite>,
    /// Files of the project (relative to the working directory) it runs as code when
    /// they are there (`.pnpmfile.cjs`, unless `--ignore-pnpmfile`).
    pub runs_files: Vec<String>,
}

/// A manifest a project install may write back, given its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// What the data says of it: its name, and the settings that keep it as it is.
    pub spec: &'static RewriteSpec,
    /// Its subcommand writes it back whatever a setting of the project says (`npm ci`
    /// and a yarn.lock, even with `package-lock=false` in .npmrc).
    pub always: bool,
}

impl Rewrite {
    pub fn file(&self) -> &str {
        &self.spec.file
    }
}

/// What one command does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effect {
    /// Index of the command in [`ShellBody::commands`].
    pub command: usize,
    /// The program with wrappers peeled off (`sudo`, `env`, `python -m`), and
    /// `setup.py` for `python setup.py ...`.
    pub program: String,
    /// The program has a spec: the facts below are all it does (besides its
    /// redirections, which are always read).
    pub known: bool,
    /// A bare assignment or a builtin that changes the shell session.
    pub session: bool,
    /// It changes the working directory of the commands after it (`cd`, `pushd`).
    pub chdir: bool,
    /// `set -e` (Some(true)) or `set +e` (Some(false)), `-o errexit` too.
    pub errexit: Option<bool>,
    /// It prints what the command hash remembers (`type`, `hash`, `command -V`).
    pub reads_hash: bool,
    /// It replaces the system shell (`ln -sf /bin/bash /bin/sh`, `dpkg-reconfigure dash`).
    pub system_shell: bool,
    pub writes: Vec<String>,
    pub reads: Vec<String>,
    pub removes: Vec<String>,
    /// What the links it makes point at, as written (`ln -s TARGET LINK`): a relative
    /// one is relative to the link's folder. A symbolic link to a missing file is made
    /// all the same, so a replay elsewhere would not fail where the file is absent.
    pub links_to: Vec<String>,
    pub install: Option<Install>,
    /// The project it works on in the working directory (`npm ci`, `go mod download`).
    pub project: Option<Project>,
    /// The package manager the program belongs to (`apt` for `apt-get update` too).
    pub manager: Option<String>,
    pub downloads: bool,
    /// It compiles native code (a compiler, a build driver, or a subcommand that
    /// builds extensions).
    pub compiles: bool,
    /// It runs a script dockerlean does not read (`./install.sh`, `bash setup.sh`,
    /// `sh -c "$X"`, `. /env.sh`): anything may happen there, apt installs included.
    pub runs_script: bool,
    /// It runs commands its arguments give (`find -exec make`, `eval "$CMD"`,
    /// `corepack pnpm install`), which the facts above do not describe.
    pub runs_commands: bool,
    /// The programs those commands are, by base name, when its words name every one
    /// (`find -exec chmod`: `chmod`); empty when not known.
    pub runs: Vec<String>,
    /// It changes nothing in the image: a program that only prints (`ls`, `cat`,
    /// `grep`), with no redirection writing a file (`output_only` in programs.toml).
    pub output_only: bool,
}

/// The facts of every command of `body`, in the order of [`ShellBody::commands`].
pub fn of(body: &ShellBody) -> Vec<Effect> {
    body.commands
        .iter()
        .enumerate()
        .map(|(k, c)| command(k, c))
        .collect()
}

/// An exec-form command (`RUN ["ln", "-s", "a", "b"]`) as a command of its own, with
/// its facts: the words are taken as they stand (no shell expands them).
pub fn of_exec(words: &[String]) -> Option<(Command, Effect)> {
    let (name, rest) = words.split_first()?;
    let word = |w: &String| ShellWord {
        value: w.clone(),
        range: 0..0,
    };
    let c = Command {
        name: name.clone(),
        name_range: 0..0,
        args: rest.iter().map(word).collect(),
        range: 0..0,
        top: 0,
        isolated: false,
        nested: false,
        redirected: false,
        assignments: Vec::new(),
        redirects: Vec::new(),
    };
    let e = command(0, &c);
    Some((c, e))
}

/// The program an invocation runs, `setup.py` for `python setup.py`.
fn program_of<'c>(inv: &Invocation<'c>) -> (String, &'c [ShellWord]) {
    if inv.program.starts_with("python")
        && let Some((script, rest)) = inv.args.split_first()
        && basename(&script.value) == "setup.py"
    {
        return ("setup.py".to_string(), rest);
    }
    (inv.program.clone(), inv.args)
}

fn command(index: usize, c: &Command) -> Effect {
    let mut e = Effect {
        command: index,
        ..Effect::default()
    };
    for r in &c.redirects {
        if let Some(w) = r.written() {
            e.writes.push(w.to_string());
        }
        if let Some(w) = r.read() {
            e.reads.push(w.to_string());
        }
    }
    if c.name.is_empty() {
        // `X=1`: a shell variable.
        e.session = true;
        e.known = true;
        return e;
    }
    let inv = Invocation::of(c);
    // What wrappers read and write (`xargs -a packages.txt apt-get install`, `time -o
    // f`).
    e.reads.extend(inv.wrapper_reads.iter().cloned());
    e.writes.extend(inv.wrapper_writes.iter().cloned());
    let (program, args) = program_of(&inv);
    e.program = program;
    let Some(spec) = programs().programs.get(&e.program) else {
        // Unknown: only what its words say for certain about the system shell. A
        // program named by a path or with a script's suffix is a script of the image.
        e.system_shell = args
            .iter()
            .any(|a| SYSTEM_SHELLS.contains(&a.value.as_str()));
        let name = &c.name;
        e.runs_script = name.contains('/') || name.ends_with(".sh") || name.ends_with(".bash");
        return e;
    };
    e.known = true;
    // A program named by a relative path (`./configure`, `bin/setup`) is a file of
    // the working directory it reads. (`/bin/rm` is the image's own program, as `rm`.)
    if c.name.contains('/') && !c.name.starts_with('/') {
        e.reads.push(c.name.clone());
    }
    e.session = spec.session;
    e.chdir = spec.chdir;
    e.reads_hash = spec.reads_hash;
    e.downloads = spec.downloads;
    e.compiles = spec.compiler;
    // `source`/`.` read a file into the shell; a shell runs a file or a string.
    // `sh -n file` only checks the syntax.
    let noexec = args
        .iter()
        .any(|a| a.value.starts_with('-') && !a.value.starts_with("--") && a.value.contains('n'));
    // A shell runs a script whatever its arguments: a file, `-c` code, or what it reads
    // from its input (`curl ... | bash`, `sh < f`, `bash -s`); only `-n` (syntax check),
    // `--version` and `--help` run nothing.
    let reports = args
        .iter()
        .any(|a| matches!(a.value.as_str(), "--version" | "--help"));
    e.runs_script = (matches!(e.program.as_str(), "source" | ".") && !args.is_empty())
        || (spec.shell && !noexec && !reports);
    // The programs its arguments run, where a word names them (the one after `-exec`,
    // `foreach`, or an option's `=value`); none known for `*` or text triggers.
    let mut runs_known = true;
    for w in &spec.runs_commands {
        if w == "*" {
            e.runs_commands = true;
            runs_known = false;
            continue;
        }
        for (k, a) in args.iter().enumerate() {
            let value = if a.value == *w {
                args.get(k + 1).map(|n| n.value.as_str())
            } else if w.starts_with("--") {
                a.value
                    .strip_prefix(w.as_str())
                    .and_then(|r| r.strip_prefix('='))
            } else {
                None
            };
            if a.value != *w && value.is_none() {
                continue;
            }
            // The trigger alone (`composer dump-autoload` as the last word) runs
            // commands too, ones no word names.
            e.runs_commands = true;
            let v = value.unwrap_or("");
            // The next word names the program after an option (`-exec chmod`,
            // `--to-command=sh`) and after `foreach`; after a subcommand (`composer
            // run-script build`, `conda run -n env pip`) it may not.
            match v.split_whitespace().next() {
                Some(p) if w.starts_with('-') || w == "foreach" => {
                    e.runs.push(basename(p).to_string())
                }
                _ => runs_known = false,
            }
        }
    }
    if args.iter().any(|a| {
        spec.runs_commands_text
            .iter()
            .any(|t| a.value.contains(t.as_str()))
    }) {
        e.runs_commands = true;
        runs_known = false;
    }
    if !runs_known {
        e.runs.clear();
    }
    e.manager = spec
        .install
        .as_ref()
        .map(|i| i.manager.clone())
        .or_else(|| spec.manager.clone());
    if e.program == "set" {
        e.errexit = errexit(args);
    }
    if e.program == "command" {
        // `command -v x` / `command -V x` report; `command x` runs x.
        e.reads_hash = args
            .first()
            .is_some_and(|a| a.value == "-v" || a.value == "-V");
    }

    // Set when an option or a script makes what it does unknown (`sed -f FILE`).
    let mut unknown = false;
    // tar's traditional syntax: `tar xzf a.tgz` reads as `tar -xzf a.tgz`.
    let traditional: Vec<ShellWord>;
    let args: &[ShellWord] = match args.split_first() {
        Some((first, rest))
            if spec.old_style && !first.value.is_empty() && !first.value.starts_with('-') =>
        {
            let mut cluster = first.clone();
            cluster.value = format!("-{}", first.value);
            traditional = std::iter::once(cluster)
                .chain(rest.iter().cloned())
                .collect();
            &traditional
        }
        _ => args,
    };
    // What the options below add to the redirections' writes (`-t DIR`).
    let redirect_writes = e.writes.len();
    // Operands: words that are not options (nor an option's value).
    let mut operands: Vec<&ShellWord> = Vec::new();
    let mut after_dashes = false;
    // `sed -i.bak`, `--in-place=.bak`: given, and the backup's suffix.
    let mut in_place = false;
    let mut suffix: Option<String> = None;
    // Every option given, by name (`-x` for each letter of a cluster), for the keys
    // that depend on one being there.
    let mut seen: Vec<String> = Vec::new();
    // The value of every option that takes one, by the option's name, in order: the
    // next word, `--opt=value`, or the rest of a cluster (`-t/usr/bin`, `-so/tmp/f`).
    let mut values: Vec<(String, String)> = Vec::new();
    // The option whose value the next word is (`-o` for `-fsSLo FILE`).
    let mut pending: Option<String> = None;
    for a in args {
        if let Some(name) = pending.take() {
            values.push((name, a.value.clone()));
            continue;
        }
        if !after_dashes && a.value == "--" {
            after_dashes = true;
            continue;
        }
        if !after_dashes && a.value.starts_with('-') && a.value.len() > 1 {
            // The option's name: the word, or what comes before `=` in a long one.
            let name = match a.value.split_once('=') {
                Some((opt, _)) if a.value.starts_with("--") => opt,
                _ => a.value.as_str(),
            };
            let long = a.value.starts_with("--");
            if long {
                seen.push(name.to_string());
                match a.value.split_once('=') {
                    Some((opt, v)) => {
                        values.push((opt.to_string(), v.to_string()));
                        if spec.in_place.iter().any(|o| o == opt) {
                            suffix = Some(v.to_string());
                        }
                    }
                    None if spec.with_value.contains(&a.value) => pending = Some(a.value.clone()),
                    None => {}
                }
            } else if spec.with_value.contains(&a.value) {
                // One option of a single dash (`-o`, find's `-fprint`).
                seen.push(a.value.clone());
                pending = Some(a.value.clone());
            } else {
                // getopt's cluster: after a letter that takes a value, the rest of the
                // word is that value (`-t/usr/bin`, `-so/tmp/f`), or, with no rest, the
                // next word (`-fsSLo FILE`); after an in-place letter it is a suffix
                // (`-i.bak`, and `-ie`: the suffix `e`).
                let letters = &a.value[1..];
                for (i, ch) in letters.char_indices() {
                    let o = format!("-{ch}");
                    seen.push(o.clone());
                    let rest = &letters[i + ch.len_utf8()..];
                    if spec.in_place.contains(&o) {
                        // `-i.bak`: the rest is its suffix.
                        in_place = true;
                        if !rest.is_empty() {
                            suffix = Some(rest.to_string());
                        }
                        break;
                    }
                    if !spec.with_value.contains(&o) {
                        continue;
                    }
                    if rest.is_empty() {
                        pending = Some(o);
                    } else {
                        values.push((o, rest.to_string()));
                    }
                    break;
                }
            }
            in_place |= long
                && spec.in_place.iter().any(|o| {
                    a.value == *o
                        || a.value
                            .strip_prefix(o.as_str())
                            .is_some_and(|r| r.starts_with('='))
                });
            continue;
        }
        operands.push(a);
    }
    // The folder files no word names go to (`wget -P DIR`), and the file it works on
    // (`tar -f`).
    let mut unnamed_in: Option<String> = None;
    let mut files: Vec<String> = Vec::new();
    for (o, v) in &values {
        let is = |list: &[String]| list.iter().any(|x| x == o);
        if is(&spec.writes_option) {
            e.writes.push(v.clone());
        }
        if is(&spec.unnamed_dir) {
            unnamed_in = Some(v.clone());
        }
        if is(&spec.file_option) {
            files.push(v.clone());
        }
        if is(&spec.reads_option) {
            e.reads.push(v.clone());
        }
        if is(&spec.file_url_options)
            && let Some(p) = v.strip_prefix("file:")
        {
            // `file:///x`, `file://localhost/x` and `file:/x` all name /x.
            let p = p
                .strip_prefix("//")
                .map_or(p, |r| r.strip_prefix("localhost").unwrap_or(r));
            e.reads.push(p.to_string());
        }
    }
    let given = |options: &[String]| options.iter().any(|o| seen.contains(o));
    if given(&spec.file_written_with) {
        e.writes.append(&mut files);
    } else {
        e.reads.append(&mut files);
    }
    // Files named after a URL, by the server or inside an archive (`curl -O`, `wget
    // URL`, `tar -x`): some file of the folder they go to, which no consumer of the
    // facts can take as known.
    if given(&spec.writes_unnamed)
        || !spec.writes_unnamed_unless.is_empty()
            && !given(&spec.writes_unnamed_unless)
            && !operands.is_empty()
    {
        e.writes.push(
            match unnamed_in.as_deref().map(|d| d.trim_end_matches('/')) {
                Some(d) => format!("{d}/*"),
                None => "*".to_string(),
            },
        );
    }
    // A role for all but the first operand applies to all of them when an option
    // takes the first one's place (`sed -e SCRIPT f`, `chmod --reference=r f`), and
    // one for all but the last when an option names the target (`mv -t DIR a b`).
    let first_by_option = given(&spec.first_operand_options);
    let role = |o: Option<Operands>| {
        o.map(|o| match o {
            Operands::AllButFirst if first_by_option => Operands::All,
            Operands::AllButLast if given(&spec.all_sources_with) => Operands::All,
            o => o,
        })
    };
    let words = |o: Option<Operands>| -> Vec<String> {
        role(o)
            .map(|o| o.pick(&operands).iter().map(|w| w.value.clone()).collect())
            .unwrap_or_default()
    };
    e.writes.extend(words(if given(&spec.writes_all_with) {
        Some(Operands::All)
    } else {
        spec.writes
    }));
    let read = words(spec.reads);
    if in_place {
        // The backup `sed -i.bak` keeps: the file's name with the suffix, where `*`
        // stands for the file's base name; one with a `/` goes to another folder.
        if let Some(sfx) = &suffix {
            for f in &read {
                if sfx.contains('/') {
                    unknown = true;
                } else if sfx.contains('*') {
                    let base = basename(f);
                    let dir = &f[..f.len() - base.len()];
                    e.writes.push(format!("{dir}{}", sfx.replace('*', base)));
                } else {
                    e.writes.push(format!("{f}{sfx}"));
                }
            }
        }
        e.writes.extend(read.iter().cloned());
    }
    // With no operand that names a file, some read their working directory (`ls`,
    // `grep -r`).
    if let Some(d) = &spec.default_read
        && read.is_empty()
        && (spec.default_read_with.is_empty() || given(&spec.default_read_with))
    {
        e.reads.push(d.clone());
    }
    e.reads.extend(read);
    e.removes.extend(words(spec.removes));
    if given(&spec.removes_parents_with) {
        for r in words(spec.removes) {
            let mut p = r.trim_end_matches('/');
            while let Some((parent, _)) = p.rsplit_once('/') {
                if parent.is_empty() {
                    break;
                }
                e.removes.push(parent.to_string());
                p = parent;
            }
        }
    }
    // find's starting points: the words before its expression, `.` when none.
    if spec.leading_paths {
        let mut starts: Vec<String> = args
            .iter()
            .take_while(|a| !a.value.starts_with(['-', '(', '!']))
            .map(|a| a.value.clone())
            .collect();
        if starts.is_empty() {
            starts.push(".".to_string());
        }
        // find's primaries are whole words (`-delete`), not clusters of letters.
        if args.iter().any(|a| spec.removes_with.contains(&a.value)) {
            e.removes.extend(starts.iter().cloned());
        }
        e.reads.extend(starts);
    }
    if let Some(z) = &spec.compressor {
        compressed(z, &operands, &given, &mut e);
    }
    // `curl file:///etc/x`: a file of the image it reads.
    if spec.file_urls {
        for w in &operands {
            if let Some(p) = w.value.strip_prefix("file://") {
                e.reads
                    .push(p.strip_prefix("localhost").unwrap_or(p).to_string());
            }
        }
    }
    // The script it runs (sed's, awk's): the files it writes or reads, the commands
    // it runs. Not read in full, or from a file (`sed -f`): its facts are not known.
    if let Some(lang) = &spec.script {
        let from_options: Vec<&str> = values
            .iter()
            .filter(|(o, _)| spec.script_options.contains(o))
            .map(|(_, v)| v.as_str())
            .collect();
        let text = if !from_options.is_empty() {
            Some(from_options.join("\n"))
        } else if first_by_option {
            None
        } else {
            operands.first().map(|w| w.value.clone())
        };
        if let Some(text) = text {
            match script::files(lang, &text) {
                Some(f) => {
                    e.writes.extend(f.writes);
                    e.reads.extend(f.reads);
                    if f.runs {
                        e.runs_commands = true;
                        e.runs.clear();
                    }
                }
                None => unknown = true,
            }
        }
    }
    if given(&spec.unknown_with) {
        unknown = true;
    }
    // Files its operands name, when a wrapper adds operands or moves it elsewhere
    // (`xargs rm`, `env -C /tmp touch x`): not known. (Roles that name no file, such
    // as the packages of `xargs apt-get install`, stay known.)
    if inv.operands_unknown
        && (spec.writes.is_some()
            || spec.reads.is_some()
            || spec.removes.is_some()
            || spec.links
            || spec.leading_paths
            || spec.compressor.is_some()
            || spec.default_read.is_some()
            || spec.work_tree_except.is_some())
    {
        unknown = true;
    }
    if spec.links {
        // `ln [-s] TARGET... LINK`: the link is written, its targets are not touched.
        // With `-t DIR` every operand is a target; with one operand, the link is made
        // in the working directory under the target's name.
        let dir_given = e.writes.len() > redirect_writes;
        if operands.len() == 1 && !dir_given {
            let t = operands[0].value.trim_end_matches('/');
            e.writes.push(t.rsplit('/').next().unwrap_or(t).to_string());
        } else if !dir_given {
            e.writes.extend(words(Some(Operands::Last)));
        }
        let targets = if dir_given || operands.len() == 1 {
            &operands[..]
        } else {
            &operands[..operands.len().saturating_sub(1)]
        };
        e.links_to.extend(targets.iter().map(|w| w.value.clone()));
    }
    if given(&spec.backup_with) {
        // Each file it writes may be kept as `NAME~` or `NAME.~N~` (the backup of one
        // in a target folder is under that folder); the number comes from a listing.
        let (folders, backups): (Vec<String>, Vec<String>) = e.writes[redirect_writes..]
            .iter()
            .map(|w| {
                let folder = w
                    .rsplit_once('/')
                    .map_or(".", |(d, _)| if d.is_empty() { "/" } else { d });
                (folder.to_string(), format!("{w}*"))
            })
            .unzip();
        e.reads.extend(folders);
        e.writes.extend(backups);
    }
    if !spec.system_shell.is_empty() {
        e.system_shell = operands
            .iter()
            .any(|w| spec.system_shell.contains(&w.value));
    }
    if (e.writes.iter().chain(&e.removes)).any(|p| SYSTEM_SHELLS.contains(&p.as_str())) {
        e.system_shell = true;
    }

    // Subcommands: the leading operands (after options that take a value before them).
    let sub: Vec<&str> = {
        let mut pos = Vec::new();
        let mut skip = false;
        for a in args {
            if skip {
                skip = false;
                continue;
            }
            if a.value.starts_with('-') {
                skip = spec.subcommand_with_value.contains(&a.value)
                    || spec.with_value.contains(&a.value);
                // dpkg's install "subcommand" is an option.
                if let Some(i) = &spec.install
                    && i.subcommands.contains(&a.value)
                {
                    pos.push(a.value.as_str());
                }
                continue;
            }
            pos.push(a.value.as_str());
        }
        pos
    };
    if let Some(except) = &spec.work_tree_except {
        // The folder it works in: the value of a work_tree_option (`git -C DIR`, `make
        // -C DIR`, `--cwd=DIR`), else its own working directory.
        let dir = args.iter().enumerate().find_map(|(k, a)| {
            spec.work_tree_option.iter().find_map(|o| {
                if a.value == *o {
                    args.get(k + 1).map(|v| v.value.clone())
                } else {
                    a.value
                        .strip_prefix(o.as_str())
                        .and_then(|r| r.strip_prefix('='))
                        .map(str::to_string)
                }
            })
        });
        let at = |p: &str| match dir.as_deref().map(|d| d.trim_end_matches('/')) {
            Some(d) => format!("{d}/{p}"),
            None => p.to_string(),
        };
        // `[]` in the list: the program with no subcommand (bare `yarn` installs).
        let excepted = except.iter().any(|words| {
            if words.is_empty() {
                sub.is_empty()
            } else {
                words.len() <= sub.len() && words.iter().zip(&sub).all(|(w, s)| w == s)
            }
        });
        match sub.split_first() {
            Some((first, rest)) if spec.clones.iter().any(|c| c == first) => {
                e.writes.push(match rest {
                    [_, .., last] => at(last),
                    _ => at("*"),
                });
            }
            _ if !excepted && !invocation::has_flag(args, &spec.work_tree_unless) => {
                e.reads.push(at("."));
                e.writes.push(at("*"));
            }
            _ => {}
        }
    }
    if let Some(i) = &spec.install
        && sub
            .first()
            .is_some_and(|s| i.subcommands.iter().any(|x| x == s))
    {
        e.install = Some(Install {
            manager: i.manager.clone(),
            packages: sub[1..].iter().map(|s| s.to_string()).collect(),
        });
    }
    if let Some(p) = &spec.project {
        let has = |opts: &[String]| invocation::has_flag(args, opts);
        let leads = |words: &[String]| {
            words.len() <= sub.len() && words.iter().zip(&sub).all(|(w, s)| w == s)
        };
        let matched = p.subcommands.iter().find(|w| leads(w));
        if let Some(words) = matched
            && (!p.no_packages || sub.len() == words.len())
        {
            let rewrites = p
                .rewrites
                .iter()
                .map(|r| Rewrite {
                    spec: r,
                    always: r.always.iter().any(|w| leads(w)),
                })
                .filter(|r| {
                    r.always || (!has(&r.spec.unless) && !r.spec.not.iter().any(|w| leads(w)))
                })
                .collect();
            e.project = Some(Project {
                kind: p.kind.clone(),
                files: p.files.clone(),
                sources: !p.sources_unless.is_empty() && !has(&p.sources_unless),
                scripts: !p.scripts_unless.is_empty() && !has(&p.scripts_unless),
                elsewhere: has(&p.elsewhere),
                rewrites,
                runs_files: p
                    .runs_files
                    .iter()
                    .filter(|(_, off)| !has(off))
                    .map(|(f, _)| f.clone())
                    .collect(),
            });
        }
    }
    if spec
        .compiles
        .iter()
        .any(|words| words.len() <= sub.len() && words.iter().zip(&sub).all(|(w, s)| w == s))
    {
        e.compiles = true;
    }
    if unknown {
        e.known = false;
    }
    e.output_only = spec.output_only
        && e.known
        && e.writes.is_empty()
        && e.removes.is_empty()
        && !e.runs_commands
        && !e.runs_script
        && e.install.is_none()
        && e.project.is_none();
    e
}

/// What a compressor writes and removes (see [`CompressorSpec`]).
fn compressed(
    z: &CompressorSpec,
    operands: &[&ShellWord],
    given: &dyn Fn(&[String]) -> bool,
    e: &mut Effect,
) {
    if given(&z.output_with) {
        return;
    }
    let keep = given(&z.keep_with);
    let decompress = z.decompresses || given(&z.decompress_with);
    let recursive = given(&z.recursive_with);
    for w in operands {
        let op = &w.value;
        // A folder it works through (with -r): all under it; a file operand is
        // replaced all the same.
        if recursive {
            e.writes.push(op.clone());
        }
        let replaced = if decompress {
            z.suffixes
                .iter()
                .find(|(sfx, _)| op.ends_with(sfx.as_str()))
                .map(|(sfx, to)| format!("{}{to}", &op[..op.len() - sfx.len()]))
        } else {
            Some(format!("{op}{}", z.suffix))
        };
        match replaced {
            Some(r) => e.writes.push(r),
            // Not a name it decompresses: gzip leaves it alone (but what is under a
            // folder it works through).
            None if !recursive => continue,
            None => {}
        }
        if !keep {
            e.removes.push(op.clone());
        }
    }
}

/// What `set` does to errexit: `-e`, `-eux`, `-o errexit` turn it on, `+e` off.
fn errexit(args: &[ShellWord]) -> Option<bool> {
    let mut out = None;
    let mut o_next: Option<bool> = None;
    for a in args {
        let v = a.value.as_str();
        if let Some(on) = o_next.take() {
            if v == "errexit" {
                out = Some(on);
            }
            continue;
        }
        match v {
            "-o" => o_next = Some(true),
            "+o" => o_next = Some(false),
            "--" | "-" => break,
            _ if v.starts_with('-') && v[1..].contains('e') => out = Some(true),
            _ if v.starts_with('+') && v[1..].contains('e') => out = Some(false),
            _ if !v.starts_with(['-', '+']) => break,
            _ => {}
        }
    }
    out
}

/// Facts about a whole body that the merge and the other transforms ask about.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// The body turns errexit on (outside a subshell), so its later commands rely on it.
    pub errexit: bool,
    /// A command changes the system shell.
    pub system_shell: bool,
    /// A command reports the command hash.
    pub reads_hash: bool,
    /// A command changes the session outside a subshell: what it is.
    pub session: Option<String>,
    /// The programs it runs by a PATH search, which the shell's command hash then
    /// remembers (not builtins, not paths), with the index of the command.
    pub hashed: Vec<(usize, String)>,
    /// The commands that may put a program of any name on PATH or take one away (a
    /// language package install, an unknown program or script; not a system package
    /// manager's, see `[hash]` in programs.toml), by index.
    pub changes_programs: Vec<usize>,
    /// What its commands write or remove (links included), as written, with the index
    /// of the command: a program may appear or go there.
    pub changed_paths: Vec<(usize, String)>,
}

pub fn summary(body: &ShellBody, effects: &[Effect]) -> Summary {
    let mut s = Summary::default();
    let hash = &programs().hash;
    for e in effects {
        let c = &body.commands[e.command];
        // `set -e` anywhere in the body (a subshell's too): the commands after it
        // rely on it.
        s.errexit |= e.errexit == Some(true);
        s.system_shell |= e.system_shell;
        s.reads_hash |= e.reads_hash;
        // Only the session's own shell remembers: not a subshell's, a pipeline's
        // (but the last's) or a command substitution's.
        if !c.isolated
            && !c.name.is_empty()
            && !c.name.contains('/')
            && !hash.builtins.contains(&c.name)
        {
            s.hashed.push((e.command, c.name.clone()));
        }
        let system = e
            .manager
            .as_ref()
            .is_some_and(|m| hash.system_managers.contains(m));
        if !(e.output_only || e.session || system || hash.no_programs.contains(&e.program)) {
            if !e.known || e.runs_script || e.runs_commands || e.install.is_some() {
                s.changes_programs.push(e.command);
            }
            s.changed_paths.extend(
                e.writes
                    .iter()
                    .chain(&e.removes)
                    .map(|p| (e.command, p.clone())),
            );
        }
        if s.session.is_none() && e.session && !c.isolated {
            s.session = Some(if c.name.is_empty() {
                "sets a shell variable".to_string()
            } else {
                format!("runs `{}`", c.program())
            });
        }
    }
    if body.defines_function && s.session.is_none() {
        s.session = Some("defines a function".into());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::syntax::Form;

    fn effects(body: &str) -> Vec<Effect> {
        let doc = Document::parse(format!("FROM a\nRUN {body}\n").into_bytes()).unwrap();
        let inst = &doc.instructions[1];
        assert!(matches!(inst.form, Form::Shell { .. }));
        of(doc.shell(1).unwrap())
    }

    #[test]
    fn files_written_read_removed_and_linked() {
        let e = effects(
            "echo '[app]' > /etc/app.ini && cp -a a b /opt/ && rm -rf /tmp/x && ln -sf /bin/bash /bin/sh && cat < in 2>&1 >> log",
        );
        assert_eq!(e[0].writes, ["/etc/app.ini"]);
        assert_eq!(
            (e[1].reads.clone(), e[1].writes.clone()),
            (vec!["a".to_string(), "b".into()], vec!["/opt/".to_string()])
        );
        assert_eq!(e[2].removes, ["/tmp/x"]);
        assert_eq!(e[3].writes, ["/bin/sh"]);
        assert!(e[3].system_shell && !e[0].system_shell);
        assert_eq!(e[4].reads, ["in"]);
        assert_eq!(e[4].writes, ["log"]);
    }

    #[test]
    fn target_directories_attached_values_and_in_place_edits() {
        let e = effects(
            "cp -t /opt/bin a b && mv --target-directory=/srv x && ln -st/usr/local/bin /opt/x/bin/x && install -Dt /usr/bin tool && curl -so/tmp/f u && sed -i s/a/b/ /etc/a.conf && sed -ni.bak -e s/a/b/ /etc/b.conf /etc/c.conf && sed -ie s/a/b/ /etc/d.conf && sed --in-place=.orig s/a/b/ e.conf && sed s/a/b/ f.conf",
        );
        assert_eq!(e[0].writes, ["/opt/bin", "b"]);
        assert_eq!(e[1].writes, ["/srv", "x"]);
        // With `-t`, every operand of ln is a link's target.
        assert_eq!(e[2].writes, ["/usr/local/bin"]);
        assert_eq!(e[2].links_to, ["/opt/x/bin/x"]);
        assert_eq!(e[3].writes, ["/usr/bin", "tool"]);
        assert_eq!(e[4].writes, ["/tmp/f"]);
        assert_eq!(e[5].writes, ["/etc/a.conf"]);
        // The backups its suffix names are written too.
        assert_eq!(
            e[6].writes,
            [
                "/etc/b.conf.bak",
                "/etc/c.conf.bak",
                "/etc/b.conf",
                "/etc/c.conf"
            ]
        );
        assert_eq!(e[6].reads, ["/etc/b.conf", "/etc/c.conf"]);
        // `-ie` is -i with the suffix `e` to GNU sed: the script is the next word.
        assert_eq!(e[7].writes, ["/etc/d.confe", "/etc/d.conf"]);
        assert_eq!(e[8].writes, ["e.conf.orig", "e.conf"]);
        assert!(e[9].writes.is_empty());
        assert_eq!(e[9].reads, ["f.conf"]);
    }

    #[test]
    fn links_name_their_targets_apart_from_the_link() {
        let e = effects(
            "ln -s /usr/lib/libx.so /usr/lib/liby.so && ln -sf ../share/a b /opt/bin && ln -s /opt/tool && ln -t /srv a b",
        );
        assert_eq!(e[0].links_to, ["/usr/lib/libx.so"]);
        assert_eq!(e[0].writes, ["/usr/lib/liby.so"]);
        assert_eq!(e[1].links_to, ["../share/a", "b"]);
        assert_eq!(e[1].writes, ["/opt/bin"]);
        // One operand: the link is made in the working directory.
        assert_eq!(e[2].links_to, ["/opt/tool"]);
        assert_eq!(e[2].writes, ["tool"]);
        assert_eq!(e[3].links_to, ["a", "b"]);
        assert_eq!(e[3].writes, ["/srv"]);
        assert!(e.iter().all(|e| e.reads.is_empty()));
        let (c, e) = of_exec(&["/bin/ln".into(), "-s".into(), "/a".into(), "/b".into()]).unwrap();
        assert_eq!((c.name.as_str(), e.program.as_str()), ("/bin/ln", "ln"));
        assert_eq!(
            (e.links_to, e.writes),
            (vec!["/a".to_string()], vec!["/b".to_string()])
        );
    }

    #[test]
    fn downloads_named_by_the_url_are_writes_not_known_in_full() {
        let e = effects(
            "curl -fsSLO https://h/a.list && curl -o /x u && curl -sSLo/y u && curl u | sh && curl --output-dir /etc/apt -o k u && curl -H 'X-O: 1' u && wget https://h/b && wget -qO- u && wget -q -O /z u && wget -P /opt/dl u && wget --directory-prefix=/srv u && wget -nc -np u && wget --spider u && wget -r -O /w u && wget --version",
        );
        assert_eq!(e[0].writes, ["*"]);
        assert_eq!(e[1].writes, ["/x"]);
        assert_eq!(e[2].writes, ["/y"]);
        assert!(e[3].writes.is_empty());
        assert_eq!(e[5].writes, ["k", "/etc/apt/*"]);
        // A header's value is not an option.
        assert!(e[6].writes.is_empty());
        assert_eq!(e[7].writes, ["*"]);
        assert_eq!(e[8].writes, ["-"]);
        assert_eq!(e[9].writes, ["/z"]);
        assert_eq!(e[10].writes, ["/opt/dl/*"]);
        assert_eq!(e[11].writes, ["/srv/*"]);
        // `-np` is `-n p` (no parent), not `-p`; the file is named after the URL.
        assert_eq!(e[12].writes, ["*"]);
        assert!(e[13].writes.is_empty());
        assert_eq!(e[14].writes, ["/w", "*"]);
        assert!(e[15].writes.is_empty());
    }

    #[test]
    fn archives_read_or_written_and_what_extracting_writes() {
        let e = effects(
            "tar -xzf vendor.tgz && tar xzf /tmp/a.tgz -C /opt && tar -czf /tmp/out.tgz src && tar --extract --file=b.tar --directory /srv && tar -tf c.tar && tar -C /x -xf d.tar && unzip -q e.zip -d /usr/local/bin && unzip -l f.zip && unzip g.zip",
        );
        assert_eq!(
            (e[0].reads.clone(), e[0].writes.clone()),
            (vec!["vendor.tgz".to_string()], vec!["*".to_string()])
        );
        // The traditional syntax: the first word is a cluster of options.
        assert_eq!(e[1].reads, ["/tmp/a.tgz"]);
        assert_eq!(e[1].writes, ["/opt/*"]);
        assert_eq!(e[2].writes, ["/tmp/out.tgz"]);
        assert_eq!(e[2].reads, ["src"]);
        assert_eq!(
            (e[3].reads.clone(), e[3].writes.clone()),
            (vec!["b.tar".to_string()], vec!["/srv/*".to_string()])
        );
        // Listing writes nothing.
        assert_eq!(
            (e[4].reads.clone(), e[4].writes.is_empty()),
            (vec!["c.tar".to_string()], true)
        );
        assert_eq!(e[5].writes, ["/x/*"]);
        assert_eq!(e[6].writes, ["/usr/local/bin/*"]);
        assert_eq!(e[6].reads, ["e.zip"]);
        assert!(e[7].writes.is_empty());
        assert_eq!(e[8].writes, ["*"]);
    }

    #[test]
    fn git_works_on_its_work_tree_and_clone_writes_its_folder() {
        let e = effects(
            "git submodule update --init && git clone --depth 1 -b main https://h/lib.git vendor/lib && git clone https://h/tool.git && git -C /src pull && git config --global user.name ci && git ls-remote https://h/x.git && git --version",
        );
        assert_eq!(e[0].reads, ["."]);
        assert_eq!(e[0].writes, ["*"]);
        // Option values are not operands: the folder is the last one.
        assert_eq!(e[1].writes, ["vendor/lib"]);
        assert!(e[1].reads.is_empty());
        assert_eq!(e[2].writes, ["*"]);
        assert_eq!(
            (e[3].reads.clone(), e[3].writes.clone()),
            (vec!["/src/.".to_string()], vec!["/src/*".to_string()])
        );
        for (k, e) in e.iter().enumerate().skip(4) {
            assert!(e.reads.is_empty() && e.writes.is_empty(), "{k}: {e:?}");
        }
    }

    #[test]
    fn builds_read_the_project_of_their_folder() {
        let e = effects(
            "make && make -C /opt/tool install && go build -o /app . && go mod download && npm run build && npm ci && npm install -g pm2 && npm --prefix=/srv/web run build && yarn && yarn build && cargo build --release && cargo fetch && mvn -B package && mvn dependency:go-offline && ./configure --prefix=/usr && gcc -o /x x.c && bundle exec rake && bundle install",
        );
        let tree = |k: usize, dir: &str| {
            assert_eq!(
                e[k].reads.last().map(String::as_str),
                Some(format!("{dir}.").as_str()),
                "{k}: {:?}",
                e[k]
            );
            assert!(e[k].writes.contains(&format!("{dir}*")), "{k}: {:?}", e[k]);
        };
        let manifests_only = |k: usize| {
            assert!(
                !e[k].reads.iter().any(|r| r.ends_with('.')),
                "{k}: {:?}",
                e[k]
            );
        };
        tree(0, "");
        tree(1, "/opt/tool/");
        tree(2, "");
        manifests_only(3);
        tree(4, "");
        manifests_only(5);
        manifests_only(6);
        tree(7, "/srv/web/");
        manifests_only(8);
        tree(9, "");
        tree(10, "");
        manifests_only(11);
        tree(12, "");
        manifests_only(13);
        // A program named by a path is a file it reads too.
        assert_eq!(e[14].reads, ["./configure", "."]);
        tree(15, "");
        tree(16, "");
        manifests_only(17);
    }

    #[test]
    fn wrappers_read_their_argument_files_and_corepack_runs_its_managers() {
        let e = effects(
            "xargs -a packages.txt apt-get install -y && xargs --arg-file=/tmp/l rm && corepack enable && corepack pnpm install && corepack install",
        );
        assert_eq!(e[0].program, "apt-get");
        assert_eq!(e[0].reads, ["packages.txt"]);
        assert_eq!(e[1].reads, ["/tmp/l"]);
        assert!(e[2].reads.is_empty() && !e[2].runs_commands);
        assert!(e[3].runs_commands);
        assert_eq!(e[4].reads, ["."]);
    }

    #[test]
    fn wrappers_are_peeled_with_their_options_and_operands() {
        let e = effects(
            "nice -n 10 make && sudo -u root -E make install && env -u X CC=gcc gcc -c a.c && timeout -s KILL 60 curl -o f u && xargs -n 1 -P 4 pip install < reqs && gosu app git pull && ionice -c 3 nice tar -xf a.tar && sudo -- apt-get install -y x",
        );
        let programs: Vec<&str> = e.iter().map(|e| e.program.as_str()).collect();
        assert_eq!(
            programs,
            [
                "make", "make", "gcc", "curl", "pip", "git", "tar", "apt-get"
            ]
        );
        assert!(e[0].compiles && e[2].compiles);
        assert_eq!(e[3].writes, ["f"]);
    }

    #[test]
    fn wrappers_that_run_the_command_as_another_user() {
        let doc = Document::parse(
            b"FROM a\nRUN sudo gem install x && sudo -u app bundle install && gosu app npm ci && nice make\n".to_vec(),
        )
        .unwrap();
        let body = doc.shell(1).unwrap();
        let switched: Vec<(String, bool)> = body
            .commands
            .iter()
            .map(Invocation::of)
            .map(|i| (i.program, i.switches_user))
            .collect();
        assert_eq!(
            switched,
            [
                ("gem".to_string(), false),
                ("bundle".to_string(), true),
                ("npm".to_string(), true),
                ("make".to_string(), false)
            ]
        );
    }

    #[test]
    fn programs_that_only_print() {
        let e = effects(
            "ls -al && cat npm_log && pip show flask | grep -q Version && ls > files.txt && sort -o out in && tee log && env && find . -name x",
        );
        let only: Vec<(&str, bool)> = e
            .iter()
            .map(|e| (e.program.as_str(), e.output_only))
            .collect();
        assert_eq!(
            only,
            [
                ("ls", true),
                ("cat", true),
                ("pip", false),
                ("grep", true),
                // A redirection writes a file; sort and tee write theirs; find may
                // delete or run commands; a program with no spec is not known to.
                ("ls", false),
                ("sort", false),
                ("tee", false),
                ("env", true),
                ("find", false),
            ]
        );
    }

    #[test]
    fn projects_and_the_files_they_read() {
        let e = effects(
            "pip install --no-cache-dir -r requirements.txt --constraint=c.txt && npm ci --ignore-scripts && npm install express && yarn && yarn build && poetry install --no-root && composer install && go mod download && ./mvnw -B dependency:go-offline",
        );
        assert_eq!(e[0].reads, ["requirements.txt", "c.txt"]);
        assert!(e[0].project.is_none());
        let p = |i: usize| e[i].project.clone();
        let npm = p(1).unwrap();
        assert_eq!(npm.kind, "npm");
        assert!(npm.files.contains(&"package-lock.json".to_string()));
        assert!(!npm.scripts && !npm.sources);
        assert!(
            p(2).is_none(),
            "npm install express also rewrites the manifests"
        );
        assert!(p(3).unwrap().scripts);
        assert!(p(4).is_none());
        let poetry = p(5).unwrap();
        assert!(!poetry.sources && poetry.kind == "python-poetry");
        let composer = p(6).unwrap();
        assert!(composer.sources && composer.scripts);
        assert_eq!(p(7).unwrap().files, ["go.mod", "go.sum"]);
        assert!(p(8).unwrap().files.contains(&".mvn/".to_string()));
    }

    #[test]
    fn a_file_index_is_a_read() {
        let e = effects(
            "pip install -r r.txt -i file:///srv/wheels && pip install --extra-index-url=file://localhost/opt/w x && pip install -i https://pypi.org/simple x",
        );
        assert_eq!(e[0].reads, ["r.txt", "/srv/wheels"]);
        assert_eq!(e[1].reads, ["/opt/w"]);
        assert!(e[2].reads.is_empty());
    }

    #[test]
    fn lock_files_a_project_install_may_write_back() {
        let e = effects(
            "npm install && npm ci && npm install --no-save && npm ci --no-package-lock && yarn install && yarn install --frozen-lockfile && bundle install && bundle install --deployment && pipenv sync && pipenv install && uv sync --locked",
        );
        let rewrites = |i: usize| -> Vec<&str> {
            let p = e[i].project.as_ref().unwrap();
            p.rewrites.iter().map(Rewrite::file).collect()
        };
        assert_eq!(
            rewrites(0),
            ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock"]
        );
        // `npm ci` leaves its lock but writes a yarn.lock back (seen with npm 11).
        assert_eq!(rewrites(1), ["yarn.lock"]);
        assert_eq!(rewrites(2), ["yarn.lock"]);
        // Not even --no-package-lock keeps `npm ci` from writing a yarn.lock back.
        assert_eq!(rewrites(3), ["yarn.lock"]);
        assert_eq!(rewrites(4), ["yarn.lock"]);
        assert!(rewrites(5).is_empty());
        assert_eq!(rewrites(6), ["Gemfile.lock"]);
        assert!(rewrites(7).is_empty());
        assert!(rewrites(8).is_empty());
        assert_eq!(rewrites(9), ["Pipfile.lock"]);
        assert!(rewrites(10).is_empty());
    }

    #[test]
    fn session_errexit_and_hash() {
        let e = effects(
            "set -eux; X=1; cd /x; type cp; command -v cp; command cp a b; set +e; set -o errexit",
        );
        assert_eq!(e[0].errexit, Some(true));
        assert!(e[1].session && e[2].session);
        assert!(e[3].reads_hash && e[4].reads_hash && !e[5].reads_hash);
        assert_eq!(e[6].errexit, Some(false));
        assert_eq!(e[7].errexit, Some(true));
    }

    #[test]
    fn system_shell_changes() {
        for body in [
            "ln -s /bin/bash /bin/sh",
            "rm /bin/sh",
            "dpkg-reconfigure -f noninteractive dash",
            "update-alternatives --install /bin/sh sh /bin/bash 100",
            "mv /bin/bash /bin/sh",
            "./relink.sh /bin/sh",
        ] {
            assert!(effects(body).iter().any(|e| e.system_shell), "{body}");
        }
        for body in [
            "ln -s /bin/sh /usr/local/bin/x",
            "cat /bin/sh > /dev/null",
            "dpkg-reconfigure tzdata",
        ] {
            assert!(!effects(body).iter().any(|e| e.system_shell), "{body}");
        }
    }

    #[test]
    fn installs_downloads_and_compiles() {
        let e = effects(
            "apt-get -y install --no-install-recommends gcc libpq-dev && python3 -m pip install -r r.txt && python setup.py build_ext --inplace && curl -fsSLo /tmp/x https://x && ./configure && tool --x",
        );
        assert_eq!(
            e[0].install,
            Some(Install {
                manager: "apt".into(),
                packages: vec!["gcc".into(), "libpq-dev".into()]
            })
        );
        assert_eq!(
            e[1].install.as_ref().map(|i| i.manager.as_str()),
            Some("pip")
        );
        assert!(e[1].compiles && e[1].downloads);
        assert_eq!(e[2].program, "setup.py");
        assert!(e[2].compiles);
        assert_eq!(e[3].writes, ["/tmp/x"]);
        assert!(e[3].downloads);
        // A known program keeps its spec even when run by path (`./configure`).
        assert!(e[4].compiles && !e[4].runs_script);
        assert!(!e[5].known && !e[5].runs_script);
    }

    #[test]
    fn scripts_it_does_not_read() {
        let e = effects(
            "bash /tmp/install.sh && sh -c \"$CMD\" && . /etc/profile && /opt/setup && ./run.sh x && tool.sh",
        );
        assert!(e.iter().all(|e| e.runs_script), "{e:?}");
        let e = effects("bash --version && bash -n && sh -n /x.sh && echo /x.sh && make");
        assert!(e.iter().all(|e| !e.runs_script), "{e:?}");
        // A shell given no file reads its script from its input.
        let e = effects(
            "curl -fsSL https://x/setup | bash - && sh < /tmp/s.sh && bash -s && cat f | dash",
        );
        let shells: Vec<bool> = e
            .iter()
            .filter(|e| e.program != "curl" && e.program != "cat")
            .map(|e| e.runs_script)
            .collect();
        assert_eq!(shells, [true, true, true, true], "{e:?}");
    }

    #[test]
    fn commands_that_run_commands_from_their_arguments() {
        let e = effects(
            "find . -name setup.py -execdir pip install . ; && git submodule foreach make && eval \"$CMD\" && corepack pnpm install && awk 'BEGIN { system(\"make\") }' && tar --to-command=sh -xf a.tar && conda run pip install x",
        );
        assert!(e.iter().all(|e| e.runs_commands), "{e:?}");
        // A subcommand that runs scripts with nothing after it.
        let e = effects("composer dump-autoload && composer update");
        assert!(
            e.iter().all(|e| e.runs_commands && e.runs.is_empty()),
            "{e:?}"
        );
        let e = effects(
            "find . -name '*.pyc' -delete && git clone x && awk '{ print $1 }' f && tar -xf a.tar",
        );
        assert!(e.iter().all(|e| !e.runs_commands), "{e:?}");
    }

    #[test]
    fn the_data_file_parses() {
        assert!(programs().programs.len() > 100);
    }
}
