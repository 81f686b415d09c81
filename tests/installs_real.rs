//! cache-order's decisions on project installs checked against the real installer.
//! Each case of `tests/installs_real/cases.toml` is a project and a RUN body after
//! `COPY . .`; the body runs, with the real npm, Yarn 1, pnpm, uv, pip, Composer or
//! Bundler and a registry on 127.0.0.1 (`registry.js`), the way the image builds it (the whole project
//! copied, then the body) and the way the rewrite builds it (the manifests copied
//! first, the body, then the whole project copied over it). A move cache-order makes must give the same
//! files; a move it refuses must give other files (or fail), so the refusal is needed.
//!
//! pip installs from wheels the test makes, served by the same registry. Yarn 1, Yarn
//! 4 and pnpm are fetched once with `npm pack` (their cases are skipped, and said, when
//! that fails).
//!
//! Composer's cases need php and composer (Debian's `php-cli` and `composer`), and
//! Bundler's ruby, gem and bundle (`ruby`, `ruby-bundler`), whose gems the test builds
//! and indexes with `gem`; a machine without them skips those cases, and says so.
//!
//! Without node and npm the lane is skipped, and says so.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

mod common;
#[path = "installs_real/generated.rs"]
mod generated;

use dockerlean::Pipeline;
use dockerlean::fix::Applicability;

#[derive(serde::Deserialize)]
struct Cases {
    /// Registry packages: name -> version -> file -> text.
    packages: BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>,
    /// Python packages served as wheels: name -> version -> module text.
    #[serde(default)]
    wheels: BTreeMap<String, BTreeMap<String, String>>,
    /// Composer packages: name -> version -> file -> text.
    #[serde(default)]
    composer: BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>,
    /// Ruby gems served from a RubyGems index: name -> version -> lib/NAME.rb text.
    #[serde(default)]
    gems: BTreeMap<String, BTreeMap<String, String>>,
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    body: String,
    expect: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    moved: Vec<String>,
    /// Programs the case needs besides node and npm (a compiler for node-gyp), and
    /// `node-headers`.
    #[serde(default)]
    needs: Vec<String>,
    /// A command run in the project before anything else, whose output is part of
    /// it (`pnpm install --lockfile-only` writes the lock).
    #[serde(default)]
    setup: String,
    files: BTreeMap<String, String>,
}

/// What every install of a run shares: the registry's port, the folder of the Yarn 1
/// and pnpm commands (when they could be fetched), pnpm's store, and Composer's home
/// (its config.json points it at the registry).
#[derive(Clone)]
struct Lane {
    port: u16,
    /// The folder of the fetched managers' commands, and their names.
    tools: PathBuf,
    have: Vec<String>,
    store: PathBuf,
    composer_home: PathBuf,
}

/// How the rewrite builds it: the files copied first, the RUN bodies before the copy
/// of the whole project, and those after it (Composer's autoloader, written after the
/// copy by the unsafe move).
struct Moved {
    first: Vec<String>,
    before: Vec<String>,
    after: Vec<String>,
}

impl Moved {
    /// The body run before the copy, with `first` copied first (moving anyway).
    fn anyway(case: &Case, first: &[String]) -> Moved {
        Moved {
            first: first.to_vec(),
            before: vec![case.body.clone()],
            after: Vec::new(),
        }
    }
}

/// The registry, killed when dropped.
struct Registry(Child, u16);

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn registry(cases: &Cases, wheels: &Path, gems: &Path, dir: &Path) -> Registry {
    let spec = dir.join("packages.json");
    let packages = serde_json::json!({"npm": cases.packages, "composer": cases.composer});
    fs::write(&spec, packages.to_string()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/installs_real/registry.js");
    let mut child = Command::new("node")
        .arg(script)
        .arg(&spec)
        .arg(wheels)
        .arg(gems)
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim().parse().expect("the registry prints its port");
    Registry(child, port)
}

/// Wheels of `wheels` (name -> version -> the module's text) in `dir`, made with
/// Python's zipfile: the module, METADATA, WHEEL and RECORD, as a build backend
/// writes them for a pure-Python package.
fn make_wheels(wheels: &BTreeMap<String, BTreeMap<String, String>>, dir: &Path) -> bool {
    let spec = serde_json::to_string(wheels).unwrap();
    let script = r#"
import json, sys, zipfile
spec, out = json.loads(sys.argv[1]), sys.argv[2]
for name, versions in spec.items():
    for version, text in versions.items():
        info = f"{name}-{version}.dist-info"
        files = {
            f"{name}/__init__.py": text,
            f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
            f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: dockerlean-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        }
        files[f"{info}/RECORD"] = "".join(f"{f},,\n" for f in files) + f"{info}/RECORD,,\n"
        with zipfile.ZipFile(f"{out}/{name}-{version}-py3-none-any.whl", "w") as z:
            for f, t in files.items():
                z.writestr(f, t)
"#;
    Command::new("python3")
        .args(["-c", script, &spec])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success())
}

/// Gems of `gems` (name -> version -> the text of lib/NAME.rb) built with `gem build`
/// into `dir/gems`, and the index `gem generate_index` makes of them there.
fn make_gems(gems: &BTreeMap<String, BTreeMap<String, String>>, dir: &Path) -> bool {
    let build = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.join("gems")).unwrap();
    for (name, versions) in gems {
        for (version, text) in versions {
            let src = build.path().join(format!("{name}-{version}"));
            fs::create_dir_all(src.join("lib")).unwrap();
            fs::write(src.join(format!("lib/{name}.rb")), text).unwrap();
            let spec = format!(
                "Gem::Specification.new do |s|\n  s.name = {name:?}\n  s.version = {version:?}\n  s.summary = \"a test gem\"\n  s.authors = [\"dockerlean tests\"]\n  s.files = [\"lib/{name}.rb\"]\nend\n"
            );
            fs::write(src.join(format!("{name}.gemspec")), spec).unwrap();
            let built = Command::new("gem")
                .args(["build", "--quiet", &format!("{name}.gemspec")])
                .arg("--output")
                .arg(dir.join(format!("gems/{name}-{version}.gem")))
                .current_dir(&src)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !built {
                return false;
            }
        }
    }
    Command::new("gem")
        .args(["generate_index", "--quiet", "-d"])
        .arg(dir)
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null")])
        .status()
        .is_ok_and(|s| s.success())
}

/// A case's files under `root`. A text `@wheels/NAME` stands for the bytes of the
/// wheel NAME the test made, and `{registry}` in a text for the registry's address.
fn write_files(root: &Path, files: &BTreeMap<String, String>, port: u16) {
    for (rel, text) in files {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        match text.strip_prefix("@wheels/") {
            Some(name) => fs::copy(wheels_dir().join(name), p).map(|_| ()).unwrap(),
            None => fs::write(
                p,
                text.replace("{registry}", &format!("http://127.0.0.1:{port}")),
            )
            .unwrap(),
        }
    }
}

/// Copies the tree `from` into `to` (files, links and folders, with their modes): all
/// of it, or the paths of `only` (a folder ending in `/` with all under it), as COPY
/// puts them.
fn copy_tree(from: &Path, to: &Path, only: Option<&[String]>) {
    for (rel, path, meta) in common::tree(from) {
        let wanted = only.is_none_or(|o| {
            o.iter().any(|w| {
                let w = w.trim_start_matches("./");
                rel == w.trim_end_matches('/') || (w.ends_with('/') && rel.starts_with(w))
            })
        });
        if !wanted {
            continue;
        }
        let dest = to.join(&rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        if meta.file_type().is_symlink() {
            let _ = fs::remove_file(&dest);
            std::os::unix::fs::symlink(fs::read_link(&path).unwrap(), &dest).unwrap();
        } else if meta.is_dir() {
            fs::create_dir_all(&dest).unwrap();
            fs::set_permissions(&dest, meta.permissions()).unwrap();
        } else {
            let _ = fs::remove_file(&dest);
            fs::copy(&path, &dest).unwrap();
        }
    }
}

/// Where the test makes the packages its registry serves (one folder for the whole
/// run): the wheels, and the gems with their index.
fn made_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

fn wheels_dir() -> PathBuf {
    made_dir().join("wheels")
}

fn gems_dir() -> PathBuf {
    made_dir().join("gem-index")
}

/// The wheels and gems of `cases`, made once per run (both tests of the lane run at
/// once in this process and share the folder): whether pip's and Bundler's could be.
fn make_packages(cases: &Cases) -> (bool, bool) {
    static MADE: std::sync::OnceLock<(bool, bool)> = std::sync::OnceLock::new();
    *MADE.get_or_init(|| {
        for d in [wheels_dir(), gems_dir()] {
            fs::create_dir_all(d).unwrap();
        }
        (
            has("pip") && make_wheels(&cases.wheels, &wheels_dir()),
            has("bundle") && has("gem") && make_gems(&cases.gems, &gems_dir()),
        )
    })
}

/// Every entry under `root`: its type, mode and content (a build's layer records
/// times too, but the two ways run at different times).
fn snapshot(root: &Path) -> BTreeMap<String, String> {
    common::tree(root)
        .into_iter()
        .map(|(rel, path, meta)| {
            let mode = meta.permissions().mode() & 0o7777;
            let what = if meta.file_type().is_symlink() {
                format!("link to {}", fs::read_link(&path).unwrap().display())
            } else if meta.is_dir() {
                format!("folder {mode:o}")
            } else {
                let bytes = unsuffixed(fs::read(&path).unwrap());
                format!("file {mode:o} {}", blake3::hash(&bytes))
            };
            (rel, what)
        })
        .collect()
}

/// Composer 2.5 names its autoloader's classes with a random suffix
/// (`ComposerAutoloaderInit` and 32 hex digits) on every install, so two runs of
/// the same build differ there: the suffix is left out of the comparison.
fn unsuffixed(mut bytes: Vec<u8>) -> Vec<u8> {
    for stem in [&b"ComposerAutoloaderInit"[..], b"ComposerStaticInit"] {
        let mut at = 0;
        while let Some(i) = bytes[at..].windows(stem.len()).position(|w| w == stem) {
            let start = at + i + stem.len();
            let hex = bytes[start..]
                .iter()
                .take(32)
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            if hex == 32 {
                bytes.splice(start..start + 32, *b"<suffix>");
            }
            at = start;
        }
    }
    bytes
}

/// Where node's headers are (`PREFIX/include/node`), for node-gyp to build an add-on
/// without downloading them.
fn node_dir() -> Option<PathBuf> {
    let out = Command::new("node")
        .args(["-p", "process.execPath"])
        .output()
        .ok()?;
    let exe = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    let prefix = exe.parent()?.parent()?.to_path_buf();
    prefix
        .join("include/node/node.h")
        .exists()
        .then_some(prefix)
}

/// Runs `body` in `dir` with npm, Yarn, pnpm and pip pointed at the registry, npm's
/// and Yarn's caches of their own (pnpm's store is shared, so that the two ways link
/// the same store), node-gyp at this machine's node headers, and pip installing into
/// `home/site` (outside the project, compared too).
fn run(body: &str, dir: &Path, home: &Path, lane: &Lane) -> Result<(), String> {
    let port = lane.port;
    let mut path = std::env::var_os("PATH").unwrap_or_default();
    path = std::env::join_paths(
        std::iter::once(lane.tools.clone()).chain(std::env::split_paths(&path)),
    )
    .unwrap();
    // A build's environment: none of the test's own (pnpm takes CI=true, which CI
    // sets, as --frozen-lockfile).
    let out = Command::new("sh")
        .args(["-c", body])
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("LC_ALL", "C.UTF-8")
        .env("HOME", home)
        .env("YARN_REGISTRY", format!("http://127.0.0.1:{port}/"))
        .env(
            "YARN_NPM_REGISTRY_SERVER",
            format!("http://127.0.0.1:{port}"),
        )
        .env("YARN_UNSAFE_HTTP_WHITELIST", "127.0.0.1")
        .env("YARN_ENABLE_TELEMETRY", "0")
        .env(
            "UV_DEFAULT_INDEX",
            format!("http://127.0.0.1:{port}/simple/"),
        )
        .env("UV_CACHE_DIR", home.join("uv-cache"))
        .env("UV_PYTHON_DOWNLOADS", "never")
        .env("UV_NO_CONFIG", "1")
        .env("YARN_CACHE_FOLDER", home.join("yarn-cache"))
        .env("XDG_DATA_HOME", &lane.store)
        .env("npm_config_registry", format!("http://127.0.0.1:{port}/"))
        .env("npm_config_cache", home.join("npm-cache"))
        .env("npm_config_nodedir", node_dir().unwrap_or_default())
        .env("npm_config_audit", "false")
        .env("npm_config_fund", "false")
        .env("npm_config_update_notifier", "false")
        .env("PIP_INDEX_URL", format!("http://127.0.0.1:{port}/simple/"))
        .env("PIP_TARGET", home.join("site"))
        .env("PIP_NO_CACHE_DIR", "1")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("PIP_CONFIG_FILE", "/dev/null")
        .env("GEM_HOME", home.join("gem-home"))
        .env("COMPOSER_HOME", &lane.composer_home)
        .env("COMPOSER_CACHE_DIR", home.join("composer-cache"))
        .env("COMPOSER_NO_INTERACTION", "1")
        .env("COMPOSER_ALLOW_SUPERUSER", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "exits {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// How the rewrite builds it: the sources of the COPY lines it puts before the first
/// RUN (all of them go to the working directory, or a folder under it named as their
/// own), and the RUN bodies before and after `COPY . .`.
fn moved_by(rewritten: &str) -> Moved {
    let mut moved = Moved {
        first: Vec::new(),
        before: Vec::new(),
        after: Vec::new(),
    };
    let mut copied = false;
    for line in rewritten.lines() {
        if line == "COPY . ." {
            copied = true;
        } else if let Some(body) = line.strip_prefix("RUN ") {
            if copied {
                &mut moved.after
            } else {
                &mut moved.before
            }
            .push(body.to_string());
        } else if let Some(rest) = line.strip_prefix("COPY ")
            && moved.before.is_empty()
        {
            let words: Vec<&str> = rest.split_whitespace().collect();
            moved
                .first
                .extend(words[..words.len() - 1].iter().map(|w| w.to_string()));
        }
    }
    moved
}

/// Both ways, in scratch folders, from the project in `context`: `Ok(same)`, or the
/// error of the image's own way.
fn both_ways(
    case: &Case,
    context: &Path,
    moved: &Moved,
    lane: &Lane,
) -> Result<Result<(), String>, String> {
    // Both ways run in the same folder with the same home, one after the other, as
    // both builds run in /app: an install may write its own path into what it makes
    // (a virtualenv's scripts, node-gyp's Makefile).
    let scratch = tempfile::tempdir().unwrap();
    let (app, home) = (scratch.path().join("app"), scratch.path().join("home"));
    let way = |moved: Option<&Moved>| -> Result<(), String> {
        for d in [&app, &home] {
            let _ = fs::remove_dir_all(d);
            fs::create_dir_all(d).unwrap();
        }
        let Some(moved) = moved else {
            copy_tree(context, &app, None);
            return run(&case.body, &app, &home, lane);
        };
        copy_tree(context, &app, Some(&moved.first));
        for body in &moved.before {
            run(body, &app, &home, lane)?;
        }
        copy_tree(context, &app, None);
        for body in &moved.after {
            run(body, &app, &home, lane)?;
        }
        Ok(())
    };
    // What pip installed into home/site and Bundler into home/gem-home, outside the
    // project, but the bytecode pip compiled: a .pyc holds its source's modification
    // time, which differs between any two builds.
    let taken = || {
        let mut snap = snapshot(&app);
        for outside in ["site", "gem-home"] {
            if home.join(outside).is_dir() {
                let site = snapshot(&home.join(outside));
                snap.extend(
                    site.into_iter()
                        .filter(|(k, _)| !k.contains("__pycache__"))
                        .map(|(k, v)| (format!("({outside})/{k}"), v)),
                );
            }
        }
        snap
    };
    way(None).map_err(|e| format!("the image's own way fails: {e}"))?;
    let mut a = taken();
    if let Err(e) = way(Some(moved)) {
        return Ok(Err(format!("the moved install fails: {e}")));
    }
    let mut b = taken();
    // pnpm's record of its install holds the time it last pruned the store.
    for snap in [&mut a, &mut b] {
        snap.retain(|k, _| !k.ends_with("node_modules/.modules.yaml"));
    }
    let mut diff = Vec::new();
    for k in a
        .keys()
        .chain(b.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        if a.get(k) != b.get(k) {
            diff.push(format!(
                "`{k}`: {} in the image's way, {} moved",
                a.get(k).map_or("none", String::as_str),
                b.get(k).map_or("none", String::as_str)
            ));
        }
    }
    Ok(if diff.is_empty() {
        Ok(())
    } else {
        Err(diff.join("; "))
    })
}

/// What cache-order says of `case`, with its project (files, then `setup`) as the
/// build context in `work/context`: the safety of its finding, its message, and how
/// its move builds it (with `--unsafe` for an unsafe move).
fn decide(case: &Case, work: &Path, lane: &Lane) -> Option<(Applicability, String, Moved)> {
    let context: PathBuf = work.join("context");
    let _ = fs::remove_dir_all(&context);
    fs::create_dir_all(&context).unwrap();
    write_files(&context, &case.files, lane.port);
    if !case.setup.is_empty() {
        let home = work.join("setup-home");
        let _ = fs::remove_dir_all(&home);
        fs::create_dir_all(&home).unwrap();
        if let Err(e) = run(&case.setup, &context, &home, lane) {
            panic!("{}: the setup fails: {e}", case.name);
        }
    }
    let dockerfile = format!(
        "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN {}\nCMD [\"node\", \"server.js\"]\n",
        case.body
    );
    let pipeline = Pipeline::new()
        .select(&["cache-order"])
        .unwrap()
        .unsafe_fixes(case.expect == "moves-unsafe")
        .build_context(Some(&context));
    let (_, found) = pipeline.check(dockerfile.clone().into_bytes()).unwrap();
    let finding = found.first()?;
    let moved = if pipeline.would_apply(finding) {
        let out = pipeline.run(dockerfile.into_bytes()).unwrap();
        moved_by(&String::from_utf8(out.output).unwrap())
    } else {
        Moved::anyway(case, &[])
    };
    Some((finding.applicability(), finding.message.clone(), moved))
}

/// The package managers that do not come with node or Python, fetched once into the
/// test's scratch area of the target folder: Yarn 1, Yarn 4 and pnpm as npm packs them, uv
/// from PyPI into a venv (npm's registry and PyPI are reachable in CI). Each gets a
/// command in the returned `bin/`; the names are those that could be fetched (the
/// cases of the others are skipped, and said).
fn tools() -> (PathBuf, Vec<String>) {
    // Both tests of the lane run at once in this process and fetch into the same
    // folder: the first fetches, the other waits for it.
    static TOOLS: std::sync::OnceLock<(PathBuf, Vec<String>)> = std::sync::OnceLock::new();
    TOOLS.get_or_init(fetch_tools).clone()
}

fn fetch_tools() -> (PathBuf, Vec<String>) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("installs-real-tools");
    let bin = dir.join("bin");
    fs::create_dir_all(&bin).unwrap();
    let shell = |script: String| {
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let mut have = Vec::new();
    for (name, spec, script) in [
        ("yarn", "yarn@1.22.22", "yarn/bin/yarn.js"),
        ("pnpm", "pnpm@9.15.9", "pnpm/bin/pnpm.cjs"),
        // Yarn 4 (Berry), run as `yarn` by the cases that need it (`berry_lane`).
        (
            "yarn-berry",
            "@yarnpkg/cli-dist@4.5.3",
            "yarn-berry/bin/yarn.js",
        ),
    ] {
        let shim = bin.join(name);
        if !shim.exists() {
            let fetched = shell(format!(
                "set -e; tgz=$(npm pack --silent {spec}); mkdir -p {name}; tar xzf \"$tgz\" -C {name} --strip-components=1; rm \"$tgz\""
            )) && dir.join(script).exists();
            if !fetched {
                eprintln!(
                    "skipped: installs_real: {spec} could not be fetched with npm pack, so its cases are skipped"
                );
                continue;
            }
            let text = format!(
                "#!/bin/sh\nexec node '{}' \"$@\"\n",
                dir.join(script).display()
            );
            fs::write(&shim, text).unwrap();
            fs::set_permissions(&shim, fs::Permissions::from_mode(0o755)).unwrap();
        }
        have.push(name.to_string());
    }
    let uv = bin.join("uv");
    if !uv.exists() {
        let fetched = shell(
            "set -e; python3 -m venv uv-venv; PIP_CONFIG_FILE=/dev/null uv-venv/bin/pip install --quiet uv==0.5.11".to_string(),
        );
        if fetched {
            std::os::unix::fs::symlink(dir.join("uv-venv/bin/uv"), &uv).unwrap();
        } else {
            eprintln!(
                "skipped: installs_real: uv 0.5.11 could not be installed from PyPI, so its cases are skipped"
            );
        }
    }
    if uv.exists() {
        have.push("uv".to_string());
    }
    (bin, have)
}

/// The lane for a case that needs Yarn 4: `yarn` on its PATH is Yarn 4, not Yarn 1.
fn berry_lane(lane: &Lane) -> Lane {
    let bin = lane.tools.parent().unwrap().join("berry-bin");
    let shim = bin.join("yarn");
    if !shim.exists() {
        fs::create_dir_all(&bin).unwrap();
        // Another case may have made it meanwhile.
        let _ = std::os::unix::fs::symlink(lane.tools.join("yarn-berry"), &shim);
    }
    Lane {
        tools: bin,
        ..lane.clone()
    }
}

/// What both tests start from: the cases file, a scratch folder, the wheels (when
/// this machine has pip), the registry serving the packages, and the lane with the
/// fetched managers. None, said, without node and npm.
struct Setup {
    cases: Cases,
    work: tempfile::TempDir,
    pip: bool,
    /// Bundler and the gems' index are there.
    bundler: bool,
    lane: Lane,
    _registry: Registry,
}

fn setup() -> Option<Setup> {
    if !(has("node") && has("npm")) {
        eprintln!("skipped: installs_real needs node and npm (apt-get install nodejs npm)");
        return None;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/installs_real");
    let cases: Cases =
        toml::from_str(&fs::read_to_string(dir.join("cases.toml")).unwrap()).unwrap();
    let work = tempfile::tempdir().unwrap();
    let (pip, bundler) = make_packages(&cases);
    let reg = registry(&cases, &wheels_dir(), &gems_dir(), work.path());
    let (tools, have) = tools();
    // Composer takes its packages from the registry alone, over plain http.
    let composer_home = work.path().join("composer-home");
    fs::create_dir_all(&composer_home).unwrap();
    let config = serde_json::json!({
        "config": {"secure-http": false},
        "repositories": [
            {"type": "composer", "url": format!("http://127.0.0.1:{}", reg.1)},
            {"packagist.org": false}
        ]
    });
    fs::write(composer_home.join("config.json"), config.to_string()).unwrap();
    let lane = Lane {
        port: reg.1,
        tools,
        have,
        store: work.path().join("pnpm-store"),
        composer_home,
    };
    Some(Setup {
        cases,
        work,
        pip,
        bundler,
        lane,
        _registry: reg,
    })
}

#[test]
fn cache_order_moves_only_installs_that_give_the_same_files() {
    let Some(Setup {
        cases,
        work,
        pip,
        bundler,
        lane,
        _registry,
    }) = setup()
    else {
        return;
    };
    let mut failures = Vec::new();
    let mut skipped = 0;
    for case in &cases.case {
        // `node-headers`: node's own headers, which node-gyp builds against.
        let missing: Vec<&String> = case
            .needs
            .iter()
            .filter(|p| match p.as_str() {
                "node-headers" => node_dir().is_none(),
                "pip" => !pip,
                "bundler" => !bundler,
                "yarn" | "pnpm" | "uv" | "yarn-berry" => !lane.have.contains(p),
                "composer" => !(has("composer") && has("php")),
                // PHP's zip extension, which Composer reads an artifact zip with.
                "php-zip" => !Command::new("php")
                    .args(["-r", "exit(class_exists('ZipArchive') ? 0 : 1);"])
                    .status()
                    .is_ok_and(|s| s.success()),
                p => !has(p),
            })
            .collect();
        if !missing.is_empty() {
            eprintln!(
                "skipped: installs_real: {}: this machine lacks {missing:?}",
                case.name
            );
            skipped += 1;
            continue;
        }
        let berry;
        let lane = if case.needs.iter().any(|n| n == "yarn-berry") {
            berry = berry_lane(&lane);
            &berry
        } else {
            &lane
        };
        let Some((safety, message, moved)) = decide(case, work.path(), lane) else {
            failures.push(format!("{}: cache-order says nothing", case.name));
            continue;
        };
        let result = match case.expect.as_str() {
            "moves" | "moves-unsafe" => {
                let want = if case.expect == "moves" {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                };
                if safety != want {
                    failures.push(format!(
                        "{}: not moved [{}]: {message}",
                        case.name,
                        safety.label()
                    ));
                    continue;
                }
                both_ways(case, &work.path().join("context"), &moved, lane).map(|r| r.err())
            }
            "stays" => {
                if safety != Applicability::DisplayOnly || !message.contains(&case.reason) {
                    failures.push(format!(
                        "{}: expected advice naming {:?}, got [{}] {message}",
                        case.name,
                        case.reason,
                        safety.label(),
                    ));
                    continue;
                }
                let anyway = Moved::anyway(case, &case.moved);
                match both_ways(case, &work.path().join("context"), &anyway, lane) {
                    Ok(Ok(())) => Err(
                        "moving it anyway gives the same files: the refusal is not needed"
                            .to_string(),
                    ),
                    Ok(Err(why)) => {
                        eprintln!("installs_real: {}: moving it anyway: {why:.300}", case.name);
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
            other => panic!(
                "{}: expect is `moves`, `moves-unsafe` or `stays`, not {other}",
                case.name
            ),
        };
        match result {
            Ok(None) => eprintln!("installs_real: {}: {}", case.name, case.expect),
            Ok(Some(diff)) => {
                failures.push(format!("{}: the move changes the files: {diff}", case.name))
            }
            Err(e) => failures.push(format!("{}: {e}", case.name)),
        }
    }
    assert!(skipped < cases.case.len(), "no case ran");
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.case.len(),
        failures.join("\n")
    );
}

/// The property over generated projects (npm, Yarn 1 and pnpm, pip): whenever
/// cache-order moves an install (a safe fix), both ways give the same files. Refusals are counted, and those where
/// moving anyway would have given the same files are reported as a figure (the price
/// of caution), not as failures. `DOCKERLEAN_INSTALLS_GENERATED=N` runs N projects
/// (40 by default).
#[test]
fn generated_projects_move_only_when_the_files_stay_the_same() {
    let Some(Setup {
        work,
        pip,
        lane,
        _registry,
        ..
    }) = setup()
    else {
        return;
    };
    let n = std::env::var("DOCKERLEAN_INSTALLS_GENERATED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let context = work.path().join("context");
    let gyp = has("g++") && has("make") && node_dir().is_some();
    let (mut moved, mut refused, mut needless, mut failed) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    let mut projects = generated::npm(n);
    let managers: Vec<Case> = generated::yarn_pnpm(n)
        .into_iter()
        .filter(|c| lane.have.contains(&c.needs[0]))
        .collect();
    if managers.len() < n {
        eprintln!(
            "skipped: installs_real: {} generated Yarn 1 and pnpm projects (their manager could not be fetched)",
            n - managers.len()
        );
    }
    projects.extend(managers);
    if pip {
        projects.extend(generated::pip(n));
    } else {
        eprintln!("skipped: installs_real: the generated pip projects (no pip)");
    }
    for case in projects {
        if case.files.contains_key("binding.gyp") && !gyp {
            continue;
        }
        let Some((safety, message, plan)) = decide(&case, work.path(), &lane) else {
            failures.push(format!("{}: cache-order says nothing", case.name));
            continue;
        };
        if safety == Applicability::Safe {
            match both_ways(&case, &context, &plan, &lane) {
                Ok(Ok(())) => moved += 1,
                Ok(Err(diff)) => {
                    failures.push(format!("{}: the move changes the files: {diff}", case.name))
                }
                // The original build fails: nothing to compare.
                Err(_) => failed += 1,
            }
            continue;
        }
        refused += 1;
        // Moving anyway, with the manifests the facts list: the refusal's price.
        if let Ok(Ok(())) = both_ways(&case, &context, &Moved::anyway(&case, &case.moved), &lane) {
            needless += 1;
            eprintln!(
                "installs_real: refused, though moving gives the same files: {}: {message}",
                case.name
            );
        }
    }
    eprintln!(
        "installs_real generated: {n} npm, {n} Yarn 1 and pnpm, and {n} pip projects, {moved} moved with the same files, {refused} refused ({needless} of them needlessly), {failed} whose own build fails"
    );
    assert!(moved > 0, "no generated project was moved");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
