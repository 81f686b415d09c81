//! What an install reads from the copied sources, checked against the build context:
//! the manifests it may have first, and anything that keeps it after the copy.

use std::path::{Path, PathBuf};

use super::{Stay, projects, stay};
use crate::context::pattern::IgnoreFile;
use crate::effects::{Effect, programs};

/// Deepest nesting of requirement files followed (`-r` inside `-r`).
const MAX_NESTING: usize = 8;

pub(super) struct Manifests {
    dir: PathBuf,
    ignore: IgnoreFile,
    /// The context folder the RUN works in ("" for the context's root; None when the
    /// working directory is not known).
    sub: Option<String>,
    /// Where the copy puts the context in the image ("" when not known).
    dest: String,
    /// Context paths to copy first (a folder ends in `/`), in order.
    pub files: Vec<String>,
    /// Folders the installs write in the project (context paths).
    outputs: Vec<String>,
    /// The command (index in the body) whose source-reading step moves after the copy,
    /// and that step (the unsafe variant).
    pub after: Option<(usize, &'static super::AfterStep)>,
    /// The command that needs a stub target, and the stub (the unsafe variant).
    pub stub: Option<(usize, &'static super::Stub)>,
    /// Environment variables set to a true value where the RUN runs (its stage's ENV,
    /// or its command's own `NAME=1`).
    pub env: Vec<String>,
    /// Every variable set where the RUN runs, with its value where known.
    pub vars: Vec<(String, Option<String>)>,
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}/{b}")
    }
}

/// `./a//b/` -> `a/b/` (a trailing `/` kept); None for `..`, `~` or a variable.
fn normal(path: &str) -> Option<String> {
    if path.contains(['$', '`', '~', '*', '?', '[']) || path.split('/').any(|p| p == "..") {
        return None;
    }
    let mut s = crate::context::pattern::clean(path);
    if path.ends_with('/') && !s.is_empty() {
        s.push('/');
    }
    Some(s)
}

impl Manifests {
    pub fn new(dir: &Path, ignore: IgnoreFile, sub: Option<String>, dest: &str) -> Manifests {
        Manifests {
            dir: dir.to_path_buf(),
            ignore,
            sub,
            dest: dest.to_string(),
            files: Vec::new(),
            outputs: Vec::new(),
            after: None,
            stub: None,
            env: Vec::new(),
            vars: Vec::new(),
        }
    }

    /// Whether context path `rel` is in the build context the builder gets: present,
    /// and not left out by `.dockerignore`.
    fn present(&self, rel: &str) -> bool {
        let bare = rel.trim_end_matches('/');
        let path = self.dir.join(bare);
        let there = if rel.ends_with('/') {
            path.is_dir()
        } else {
            path.exists()
        };
        there && !self.ignore.excludes(bare)
    }

    /// The context path a command's path names, when it is inside the copy: None when
    /// it is surely outside; an error when that is not certain.
    fn in_copy(&self, path: &str) -> Result<Option<String>, Stay> {
        let unsure = || {
            stay(format!(
                "it names `{path}`, which may be among the copied sources"
            ))
        };
        if !path.starts_with('/') {
            return match normal(path) {
                Some(p) => Ok(Some(join(self.sub()?, &p))),
                None => unsure(),
            };
        }
        // A glob or a variable: what comes before it is certain.
        let (abs, fixed) = match normal(path) {
            Some(a) => (a, false),
            None => {
                let head = path
                    .split(['*', '?', '[', '$', '`', '~'])
                    .next()
                    .unwrap_or("");
                let dir = head.rsplit_once('/').map_or("", |(d, _)| d);
                match normal(dir) {
                    Some(d) => (d, true),
                    None => return unsure(),
                }
            }
        };
        let abs = abs.trim_end_matches('/');
        if fixed && abs.is_empty() {
            return unsure();
        }
        if self.dest.is_empty() {
            // The copy's folder is the base image's WORKDIR: the path is in the copy
            // only if the context holds one of its tails.
            let parts: Vec<&str> = abs.split('/').collect();
            for k in 0..parts.len() {
                if self.dir.join(parts[k..].join("/")).exists() {
                    return unsure();
                }
            }
            return Ok(None);
        }
        let dest = self.dest.trim_end_matches('/');
        if dest.is_empty() {
            return Ok(Some(abs.to_string()));
        }
        let dest = dest.trim_start_matches('/');
        // A glob under a folder above the copy may reach into it.
        if abs == dest || (fixed && format!("{dest}/").starts_with(&format!("{abs}/"))) {
            return unsure();
        }
        Ok(abs
            .strip_prefix(dest)
            .and_then(|r| r.strip_prefix('/'))
            .map(str::to_string))
    }

    /// The context folder of the working directory, needed for a relative path.
    fn sub(&self) -> Result<&str, Stay> {
        match &self.sub {
            Some(s) => Ok(s),
            None => stay("the RUN's working directory is the base image's, which is not known"),
        }
    }

    fn add(&mut self, rel: String) {
        if !self.files.contains(&rel) {
            self.files.push(rel);
        }
    }

    /// Reads the facts of one command of the RUN.
    pub fn command(&mut self, e: &Effect) -> Result<(), Stay> {
        if e.program.is_empty() {
            return Ok(()); // a variable assignment
        }
        if !e.known {
            return stay(format!(
                "it runs `{}`, whose effects are not known",
                e.program
            ));
        }
        if e.runs_script {
            return stay(format!(
                "`{}` runs a script dockerlean does not read",
                e.program
            ));
        }
        if e.chdir {
            return stay(format!("`{}` changes the working directory", e.program));
        }
        if e.runs_commands {
            return stay(format!(
                "`{}` runs commands its arguments give, whose effects are not known",
                e.program
            ));
        }
        let spec = programs().programs.get(&e.program);
        if let Some(spec) = spec {
            for var in &spec.env_options {
                if let Some((_, value)) = self.vars.iter().find(|(n, _)| n == var) {
                    self.env_option(e, var, value.as_deref())?;
                }
            }
        }
        let mut manifest_reads: Vec<&String> = Vec::new();
        if let Some(p) = &e.project {
            self.project(e, p)?;
        } else if e.install.is_some() && spec.is_some_and(|s| s.project.is_some()) {
            return stay(format!(
                "`{}` given packages also rewrites the project's manifests",
                e.program
            ));
        }
        if let Some(i) = &e.install {
            for pkg in &i.packages {
                let local = pkg.starts_with(['.', '/', '~'])
                    || (pkg.contains('/') && !pkg.contains("://") && !pkg.starts_with('@'))
                    || [".whl", ".tar.gz", ".zip", ".tgz", ".deb", ".rpm", ".gem"]
                        .iter()
                        .any(|s| pkg.ends_with(s));
                if local {
                    return stay(format!("it installs `{pkg}`, a local path"));
                }
            }
            if i.manager == "pip" {
                for r in &e.reads {
                    let base = if r.starts_with('/') {
                        String::new()
                    } else {
                        self.sub()?.to_string()
                    };
                    self.requirements(r, &base, 0)?;
                    manifest_reads.push(r);
                }
            }
        }
        for path in e.reads.iter().filter(|r| !manifest_reads.contains(r)) {
            if let Some(rel) = self.in_copy(path)? {
                // A manifest is copied before the moved install (`./mvnw`, the wrapper
                // Maven's project lists).
                if self.files.contains(&rel) {
                    continue;
                }
                // `.`: the copy's folder itself (git's work tree).
                let rel = if rel.is_empty() { "." } else { rel.as_str() };
                return stay(format!(
                    "`{}` reads `{rel}`, which comes with the sources",
                    e.program
                ));
            }
        }
        for path in e.writes.iter().chain(&e.removes) {
            if self.in_copy(path)?.is_some() {
                return stay(format!(
                    "`{}` changes `{path}`, which the copy of the sources would then cover",
                    e.program
                ));
            }
        }
        Ok(())
    }

    /// A project install: its manifests, then what its kind's data rules out.
    fn project(&mut self, e: &Effect, p: &crate::effects::Project) -> Result<(), Stay> {
        let data = projects();
        let Some(kind) = data.kinds.get(&p.kind) else {
            return stay(format!(
                "dockerlean does not know what a {} install reads",
                p.kind
            ));
        };
        if p.elsewhere {
            return stay(format!(
                "`{}` works on a project in another directory",
                e.program
            ));
        }
        let sub = self.sub()?.to_string();
        let main = join(&sub, &p.files[0]);
        if p.sources {
            let Some(step) = kind
                .autoloader_after
                .as_ref()
                .filter(|_| self.after.is_none())
            else {
                return stay(format!(
                    "`{}` also installs the project itself, which reads its sources (install only the dependencies before the copy)",
                    e.program
                ));
            };
            for f in &p.files {
                let text =
                    std::fs::read_to_string(self.dir.join(join(&sub, f))).unwrap_or_default();
                if let Some(r) = step.refuse.iter().find(|r| text.contains(r.as_str())) {
                    return stay(format!(
                        "`{}` writes its autoloader from the sources, and `{f}` names {}, which would run at another step if it wrote it after the copy",
                        e.program,
                        r.trim_matches('"')
                    ));
                }
            }
            self.after = Some((e.command, step));
        }
        if !self.present(&main) {
            return stay(format!("`{main}` is not in the build context"));
        }
        if let Some(stub) = &kind.stub {
            let text = std::fs::read_to_string(self.dir.join(&main)).unwrap_or_default();
            if let Some(r) = stub.refuse.iter().find(|r| text.contains(r.as_str())) {
                return stay(format!(
                    "`{}` reads the package's targets in the sources, and `{main}` names `{r}`, which a stub target would not stand for",
                    e.program
                ));
            }
            if self.stub.is_some() || self.after.is_some() {
                return stay("more than one install needs the sources");
            }
            self.stub = Some((e.command, stub));
        }
        for f in &p.files {
            let rel = join(&sub, f);
            if self.present(&rel) {
                if rel.contains([' ', '"', '\'', '\\', '\t']) {
                    return stay(format!("`{rel}` has a character COPY would need quoted"));
                }
                self.add(rel);
            }
        }
        let text = std::fs::read_to_string(self.dir.join(&main)).unwrap_or_default();
        // The manifest as JSON, read once for the checks below that need it.
        let json = serde_json::from_str::<serde_json::Value>(&text).ok();
        if let Some(l) = kind.local.iter().find(|l| text.contains(l.as_str())) {
            return stay(format!(
                "`{main}` names files of the project (`{}`), which the install would read",
                l.trim_matches('"')
            ));
        }
        if let Some(code) = &kind.code
            && let Some(what) = super::code::unknown(&text, code)
        {
            return stay(format!("`{main}` is Ruby, and {what}"));
        }
        if let Some(repos) = &kind.repositories
            && let Some(what) = local_repository(&text, json.as_ref(), repos)
        {
            return stay(format!(
                "`{main}` takes packages from {what}, files of the project, which the install would read"
            ));
        }
        if let Some(v) = &kind.version_from {
            self.version_from(e, v, &sub, &main, json.as_ref())?;
        }
        for (f, needles) in &kind.local_in {
            let rel = join(&sub, f);
            let other = std::fs::read_to_string(self.dir.join(&rel)).unwrap_or_default();
            if let Some(l) = needles.iter().find(|l| other.contains(l.as_str())) {
                return stay(format!(
                    "`{rel}` names files of the project (`{l}`), which the install would read"
                ));
            }
        }
        if let Some(f) = p.runs_files.iter().find(|f| self.present(&join(&sub, f))) {
            return stay(format!(
                "`{}` runs `{f}`, code of the project that may read the sources",
                e.program
            ));
        }
        if p.scripts
            && let Some((f, script)) = kind
                .hook_files
                .iter()
                .find(|(f, _)| self.present(&join(&sub, f)))
        {
            return stay(format!(
                "the project has `{f}`, so `{}` runs `{script}` on install, which reads the sources",
                e.program
            ));
        }
        if p.scripts && !kind.hooks.is_empty() {
            let hooks = json.as_ref().and_then(|v| v.get("scripts"));
            let Some(hooks) = hooks else {
                if text.contains("\"scripts\"") {
                    return stay(format!("`{main}`'s scripts cannot be read"));
                }
                self.rewrites(e, p, &sub)?;
                self.outputs(kind);
                return Ok(());
            };
            if let Some(h) = kind.hooks.iter().find(|h| hooks.get(h.as_str()).is_some()) {
                return stay(format!(
                    "`{main}` has a `{h}` script, which runs on install and may read the sources"
                ));
            }
        }
        self.rewrites(e, p, &sub)?;
        self.outputs(kind);
        Ok(())
    }

    /// A variable that stands for an option of the program (`PIP_FIND_LINKS`,
    /// `BUNDLE_GEMFILE`): the paths its value names must be outside the copy, where the
    /// move does not change them (a remote URL names none).
    fn env_option(&self, e: &Effect, var: &str, value: Option<&str>) -> Result<(), Stay> {
        let Some(value) = value else {
            return stay(format!(
                "`{var}` is set where `{}` runs, to a value not known here (a build argument or an expansion), and it may name files of the project",
                e.program
            ));
        };
        let remote = &super::projects().pip.remote;
        for part in value.split_whitespace() {
            if remote.iter().any(|r| part.starts_with(r.as_str())) {
                continue;
            }
            let inside = match self.in_copy(part) {
                Ok(inside) => inside,
                Err(_) => Some(part.to_string()),
            };
            if inside.is_some() {
                return stay(format!(
                    "`{var}={value}` makes `{}` read or write `{part}`, which may be among the copied sources",
                    e.program
                ));
            }
        }
        Ok(())
    }

    /// A version-control checkout the install reads to guess the project's version
    /// (Composer), in the install's folder or one above it in the context: moved before
    /// the copy, it would not be there yet.
    fn version_from(
        &self,
        e: &Effect,
        v: &super::VersionFrom,
        sub: &str,
        main: &str,
        json: Option<&serde_json::Value>,
    ) -> Result<(), Stay> {
        let named = json.is_some_and(|m| m.get(&v.unless_key).is_some_and(|x| x.is_string()));
        if named || v.unless_env.iter().any(|n| self.env.contains(n)) {
            return Ok(());
        }
        let mut folders = vec![String::new()];
        let mut at = String::new();
        for part in sub.split('/').filter(|p| !p.is_empty()) {
            at = join(&at, part);
            folders.push(at.clone());
        }
        let found = folders
            .iter()
            .flat_map(|d| v.folders.iter().map(move |f| join(d, f)))
            .find(|p| self.present(p));
        if let Some(found) = found {
            return stay(format!(
                "`{}` guesses the project's version from `{found}` and writes it into what it installs, and `{found}` only comes with the copy of the sources; name it (`\"{}\"` in `{main}`, or `ENV {}`), or leave `{found}` out of the build context with .dockerignore",
                e.program,
                v.unless_key,
                v.unless_env.first().map_or("", String::as_str)
            ));
        }
        Ok(())
    }

    /// A lock file the install writes back would then be put back as it was by the
    /// copy of the sources, where the image had the written one.
    fn rewrites(&self, e: &Effect, p: &crate::effects::Project, sub: &str) -> Result<(), Stay> {
        // A setting in a file of the project (`package-lock=false` in .npmrc), as a
        // line of its own (blanks around `=` aside).
        let set_in = |file: &str, lines: &[String]| {
            let text = std::fs::read_to_string(self.dir.join(join(sub, file))).unwrap_or_default();
            text.lines().any(|l| {
                let l: String = l.chars().filter(|c| !c.is_whitespace()).collect();
                lines.contains(&l)
            })
        };
        let written = p.rewrites.iter().find(|r| {
            let k = r.spec;
            self.present(&join(sub, r.file()))
                && (r.always
                    || !(k.unless_env.iter().any(|n| self.env.contains(n))
                        || k.unless_in.iter().any(|(f, lines)| set_in(f, lines))))
        });
        if let Some(r) = written {
            // What leaves it as it is, from the program's data.
            let k = r.spec;
            let ways: Vec<String> = k
                .not
                .iter()
                .map(|w| format!("`{} {}`", e.program, w.join(" ")))
                .chain(k.unless.iter().map(|o| format!("`{o}`")))
                .chain(k.unless_env.iter().map(|n| format!("`ENV {n}=true`")))
                .collect();
            let hint = if ways.is_empty() {
                String::new()
            } else {
                // The first two are enough to say how (`npm ci` or `--no-save`).
                format!(
                    "; {} leaves it as it is",
                    ways[..ways.len().min(2)].join(" or ")
                )
            };
            return stay(format!(
                "`{}` may write `{}` back (bringing it up to date), and the copy of the sources after it would put the old one back{hint}",
                e.program,
                r.file()
            ));
        }
        Ok(())
    }

    fn outputs(&mut self, kind: &super::KindData) {
        let sub = self.sub.clone().unwrap_or_default();
        for o in &kind.outputs {
            let rel = join(&sub, o);
            if !self.outputs.contains(&rel) {
                self.outputs.push(rel);
            }
        }
    }

    /// A requirement file (context folder `base` for a relative path) and the files it
    /// names with `-r`/`-c`.
    fn requirements(&mut self, path: &str, base: &str, depth: usize) -> Result<(), Stay> {
        if depth > MAX_NESTING {
            return stay("its requirement files nest too deep");
        }
        let rel = if path.starts_with('/') {
            match self.in_copy(path)? {
                Some(r) => r,
                None => return Ok(()), // outside the copy: already in the image
            }
        } else {
            match normal(path) {
                Some(p) => join(base, &p),
                None => return stay(format!("the requirement file `{path}` is not a plain path")),
            }
        };
        // A folder of packages (`-f ./wheels`, `--find-links`): all of it comes with the
        // sources.
        if self.dir.join(&rel).is_dir() {
            return stay(format!(
                "the install takes packages from `{rel}`, a folder that comes with the sources"
            ));
        }
        if !self.present(&rel) {
            return stay(format!(
                "the requirement file `{rel}` is not in the build context"
            ));
        }
        if rel.contains([' ', '"', '\'', '\\', '\t']) {
            return stay(format!("`{rel}` has a character COPY would need quoted"));
        }
        if self.files.contains(&rel) {
            return Ok(());
        }
        self.add(rel.clone());
        let Ok(text) = std::fs::read_to_string(self.dir.join(&rel)) else {
            return stay(format!("`{rel}` cannot be read"));
        };
        let pip = &projects().pip;
        let folder = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        // Lines as pip joins them: a trailing `\` goes on with the next line.
        let mut lines: Vec<String> = Vec::new();
        let mut open = false;
        for raw in text.lines() {
            let (part, more) = match raw.strip_suffix('\\') {
                Some(p) => (p, true),
                None => (raw, false),
            };
            match lines.last_mut() {
                Some(last) if open => last.push_str(part),
                _ => lines.push(part.to_string()),
            }
            open = more;
        }
        for line in &lines {
            // A comment starts at `#` at the start or after a blank.
            let cut = line
                .char_indices()
                .find(|&(i, c)| c == '#' && (i == 0 || line[..i].ends_with(char::is_whitespace)))
                .map_or(line.len(), |(i, _)| i);
            let line = line[..cut].trim();
            if line.is_empty() {
                continue;
            }
            if line.starts_with('-') {
                let words: Vec<&str> = line.split_whitespace().collect();
                let mut k = 0;
                while k < words.len() {
                    let w = words[k];
                    k += 1;
                    // `--name=value`, `--name value`, `-xvalue`, `-x value`.
                    let (name, attached) = if w.starts_with("--") {
                        match w.split_once('=') {
                            Some((n, v)) => (n, Some(v)),
                            None => (w, None),
                        }
                    } else if w.starts_with('-') && w.len() > 2 {
                        (&w[..2], Some(&w[2..]))
                    } else {
                        (w, None)
                    };
                    let has = |list: &[String]| list.iter().any(|o| o == name);
                    let takes = has(&pip.nested)
                        || has(&pip.local_options)
                        || has(&pip.source_options)
                        || has(&pip.with_value);
                    let value = match attached {
                        Some(v) => v,
                        None if takes => {
                            k += 1;
                            words.get(k - 1).copied().unwrap_or("")
                        }
                        None => continue,
                    };
                    if has(&pip.local_options) {
                        return stay(format!("`{rel}` installs a local path (`{line}`)"));
                    }
                    if has(&pip.source_options)
                        && !pip.remote.iter().any(|r| value.starts_with(r.as_str()))
                    {
                        return stay(format!(
                            "`{rel}` takes packages from `{value}`, which may be a folder of the sources (`{line}`)"
                        ));
                    }
                    if has(&pip.nested) {
                        self.requirements(value, &folder, depth + 1)?;
                    }
                }
                continue;
            }
            // A requirement: its first word, and what ` @ ` names (`pkg @ URL`).
            let spec = line.split(';').next().unwrap_or(line).trim();
            let first = spec.split_whitespace().next().unwrap_or(spec);
            let at = spec.split_once(" @ ").map(|(_, u)| u.trim());
            // A URL is remote but for `file:`; anything else that looks like a path
            // is one (pip's own test: a `/` in it, or a leading `.`).
            let local = |p: &str| {
                pip.local_starts.iter().any(|s| p.starts_with(s.as_str()))
                    || (!p.contains("://")
                        && (p.contains('/')
                            || pip.archives.iter().any(|a| p.ends_with(a.as_str()))))
            };
            if local(first) || at.is_some_and(local) {
                return stay(format!("`{rel}` installs a local path (`{line}`)"));
            }
        }
        Ok(())
    }

    /// Checks what the installs write against the context.
    pub fn finish(&self) -> Result<(), Stay> {
        for o in &self.outputs {
            if self.present(o) || self.present(&format!("{o}/")) {
                return stay(format!(
                    "the build context holds `{o}`, which the copy of the sources would put over the installed one (exclude it in .dockerignore to allow the move)"
                ));
            }
        }
        Ok(())
    }

    /// The COPY lines of the manifests: the files of one folder together, a folder on
    /// its own, each to its place under the copy's destination (`dest` as written).
    pub fn copies(&self, prefix: &str, dest: &str) -> Vec<String> {
        let dest = match dest.trim_end_matches('/') {
            "" if dest.starts_with('/') => "/".to_string(),
            "" | "." => "./".to_string(),
            d => format!("{d}/"),
        };
        let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
        let mut lines = Vec::new();
        for f in &self.files {
            if f.ends_with('/') {
                lines.push(format!("{prefix}{f} {dest}{f}"));
                continue;
            }
            let folder = f.rsplit_once('/').map_or("", |(d, _)| d);
            match groups.iter_mut().find(|(d, _)| d == folder) {
                Some((_, v)) => v.push(f),
                None => groups.push((folder.to_string(), vec![f])),
            }
        }
        let mut out: Vec<String> = groups
            .into_iter()
            .map(|(folder, files)| {
                let to = if folder.is_empty() {
                    dest.clone()
                } else {
                    format!("{dest}{folder}/")
                };
                format!("{prefix}{} {to}", files.join(" "))
            })
            .collect();
        out.extend(lines);
        out
    }
}

/// A repository the manifest names that is files of the project (Composer's
/// `repositories`: a path or artifact repository, or a url that is not remote), said
/// for the advice; also when the manifest names repositories and cannot be read.
fn local_repository(
    text: &str,
    json: Option<&serde_json::Value>,
    r: &super::Repositories,
) -> Option<String> {
    let Some(manifest) = json else {
        return text
            .contains("\"repositories\"")
            .then(|| "repositories it names in a form dockerlean cannot read".to_string());
    };
    let repos: Vec<&serde_json::Value> = match manifest.get("repositories") {
        Some(serde_json::Value::Array(list)) => list.iter().collect(),
        Some(serde_json::Value::Object(map)) => map.values().collect(),
        _ => return None,
    };
    for repo in repos.iter().filter_map(|r| r.as_object()) {
        if let Some(kind) = repo.get("type").and_then(|t| t.as_str())
            && r.local_types.iter().any(|l| l == kind)
        {
            return Some(format!("a repository of type `{kind}`"));
        }
        // A package repository's packages name their own dist and source urls.
        let packages: Vec<&serde_json::Value> = match repo.get("package") {
            Some(serde_json::Value::Array(list)) => list.iter().collect(),
            Some(p) => vec![p],
            None => Vec::new(),
        };
        let urls = std::iter::once(repo.get("url")).chain(
            packages
                .iter()
                .flat_map(|p| [p.pointer("/dist/url"), p.pointer("/source/url")]),
        );
        for url in urls.flatten() {
            match url.as_str() {
                Some(u) if r.remote.iter().any(|p| u.starts_with(p.as_str())) => {}
                Some(u) => return Some(format!("`{u}`")),
                None => return Some("a url that is not text".to_string()),
            }
        }
    }
    None
}
