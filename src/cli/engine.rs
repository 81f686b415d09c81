//! The container engines `compare` drives: Docker, Podman or Buildah, found on PATH.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use serde::Deserialize;

use super::verify::tree::Tree;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Docker,
    Podman,
    Buildah,
}

impl Kind {
    /// The detection order.
    pub const ALL: [Kind; 3] = [Kind::Docker, Kind::Podman, Kind::Buildah];

    pub fn program(self) -> &'static str {
        match self {
            Kind::Docker => "docker",
            Kind::Podman => "podman",
            Kind::Buildah => "buildah",
        }
    }

    fn install_hint(self) -> &'static str {
        match self {
            Kind::Docker => {
                "install Docker (Debian: `apt-get install docker.io`) and start its daemon"
            }
            Kind::Podman => "install Podman (Debian: `apt-get install podman`)",
            Kind::Buildah => {
                "install Buildah (Debian: `apt-get install buildah`; no daemon needed)"
            }
        }
    }
}

/// A usable engine.
#[derive(Debug)]
pub struct Engine {
    pub kind: Kind,
    program: PathBuf,
}

/// One layer of an image, oldest first, with what made it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Layer {
    pub instruction: String,
    pub size: u64,
}

/// An image's size and its history.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Image {
    pub size: u64,
    pub layers: Vec<Layer>,
}

/// What a probe printed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProbeOutput {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// The first executable called `name` on PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Why an engine cannot be used, or None when it can.
fn unusable(kind: Kind, program: &Path) -> Option<String> {
    // Docker needs its daemon; the others only their binary.
    let args: &[&str] = match kind {
        Kind::Docker => &["version", "--format", "{{.Server.Version}}"],
        Kind::Podman | Kind::Buildah => &["version"],
    };
    match Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
    {
        Err(e) => Some(format!("cannot run {}: {e}", program.display())),
        Ok(o) if o.status.success() => None,
        Ok(o) => {
            let err = String::from_utf8_lossy(&o.stderr);
            let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            Some(format!(
                "`{} {}` failed{}{}",
                kind.program(),
                args[0],
                if first.is_empty() { "" } else { ": " },
                first.trim()
            ))
        }
    }
}

/// The engine to use: the one asked for, or the first usable of docker, podman, buildah.
pub fn detect(wanted: Option<Kind>) -> Result<Engine> {
    let kinds: Vec<Kind> = wanted.map_or_else(|| Kind::ALL.to_vec(), |k| vec![k]);
    let mut reasons = Vec::new();
    for kind in kinds {
        let Some(program) = on_path(kind.program()) else {
            reasons.push((kind, format!("`{}` is not on PATH", kind.program())));
            continue;
        };
        match unusable(kind, &program) {
            None => return Ok(Engine { kind, program }),
            Some(why) => reasons.push((kind, why)),
        }
    }
    let mut msg = if wanted.is_some() {
        "the container engine asked for cannot be used:".to_string()
    } else {
        "no container engine found (tried docker, podman, buildah):".to_string()
    };
    for (kind, why) in reasons {
        msg.push_str(&format!(
            "\n  {}: {why}; {}",
            kind.program(),
            kind.install_hint()
        ));
    }
    bail!(msg)
}

impl Engine {
    fn cmd(&self) -> Command {
        let mut c = Command::new(&self.program);
        c.stdin(Stdio::null());
        if self.kind == Kind::Docker {
            // BuildKit reads `<Dockerfile>.dockerignore`, which carries the rewritten ignore file.
            c.env("DOCKER_BUILDKIT", "1");
        }
        c
    }

    fn run<I, S>(&self, args: I) -> Result<Output>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut c = self.cmd();
        c.args(args);
        let o = c
            .output()
            .with_context(|| format!("cannot run {}", self.program.display()))?;
        Ok(o)
    }

    fn run_ok<I, S>(&self, args: I) -> Result<String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<S> = args.into_iter().collect();
        let shown: Vec<String> = args
            .iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect();
        let o = self.run(&args)?;
        if !o.status.success() {
            bail!(
                "`{} {}` failed: {}",
                self.kind.program(),
                shown.join(" "),
                String::from_utf8_lossy(&o.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&o.stdout).into_owned())
    }

    /// Builds one layer per instruction, without the cache unless `cache` (the layers
    /// are stored either way). Returns the time taken and the build's log, or the log
    /// when it fails.
    pub fn build(
        &self,
        dockerfile: &Path,
        context: &Path,
        tag: &str,
        build_args: &[String],
        ignore_file: Option<&Path>,
        cache: bool,
    ) -> Result<std::result::Result<(Duration, String), String>> {
        let mut args: Vec<std::ffi::OsString> = match self.kind {
            // Plain progress names every step and says which came from the cache.
            Kind::Docker => vec!["build".into(), "--progress=plain".into()],
            Kind::Podman => vec!["build".into(), "--layers".into()],
            Kind::Buildah => vec!["bud".into(), "--layers".into()],
        };
        if self.kind != Kind::Docker {
            // Docker's format keeps SHELL and HEALTHCHECK, as `docker build` would.
            args.extend(["--format".into(), "docker".into()]);
            if let Some(i) = ignore_file {
                args.extend(["--ignorefile".into(), i.into()]);
            }
        }
        if !cache {
            args.push("--no-cache".into());
        }
        args.extend(["-f".into(), dockerfile.into()]);
        args.extend(["-t".into(), tag.into()]);
        for b in build_args {
            args.extend(["--build-arg".into(), b.into()]);
        }
        args.push(context.into());
        let start = Instant::now();
        let o = self.run(&args)?;
        let took = start.elapsed();
        let mut log = String::from_utf8_lossy(&o.stdout).into_owned();
        log.push_str(&String::from_utf8_lossy(&o.stderr));
        if o.status.success() {
            Ok(Ok((took, log)))
        } else {
            Ok(Err(log))
        }
    }

    /// The steps a build's log shows it ran (not taken from the cache), FROM left out.
    pub fn steps_run(&self, log: &str) -> Vec<String> {
        steps_run(self.kind, log)
    }

    /// The image's size and layers, oldest first.
    pub fn image(&self, tag: &str) -> Result<Image> {
        match self.kind {
            Kind::Docker | Kind::Podman => {
                let size = self
                    .run_ok(["image", "inspect", "--format", "{{.Size}}", tag])?
                    .trim()
                    .parse()
                    .context("image size")?;
                let hist = self.run_ok([
                    "history",
                    "--no-trunc",
                    "--human=false",
                    "--format",
                    "{{.Size}}\t{{.CreatedBy}}",
                    tag,
                ])?;
                let mut layers = parse_history(&hist)?;
                layers.reverse();
                Ok(Image { size, layers })
            }
            Kind::Buildah => {
                let json = self.run_ok(["inspect", "--type", "image", tag])?;
                buildah_image(&json)
            }
        }
    }

    /// The image's config (Env, Cmd, Entrypoint, ...).
    pub fn config(&self, tag: &str) -> Result<super::verify::Config> {
        let json = match self.kind {
            Kind::Docker | Kind::Podman => {
                self.run_ok(["image", "inspect", "--format", "{{json .Config}}", tag])?
            }
            Kind::Buildah => {
                let json = self.run_ok(["inspect", "--type", "image", tag])?;
                let i: BuildahInspect =
                    serde_json::from_str(&json).context("`buildah inspect` output")?;
                // Built in Docker format: its config carries Healthcheck, Shell and OnBuild.
                let c = i
                    .docker
                    .and_then(|d| d.config)
                    .or_else(|| i.oci.and_then(|d| d.config));
                return Ok(c.unwrap_or_default());
            }
        };
        let json = json.trim();
        if json == "null" {
            return Ok(Default::default());
        }
        serde_json::from_str(json).context("the image config")
    }

    /// Runs `sh -c probe` in a container of the image.
    pub fn probe(&self, tag: &str, probe: &str) -> Result<ProbeOutput> {
        let o = match self.kind {
            Kind::Docker | Kind::Podman => {
                self.run(["run", "--rm", "--entrypoint", "sh", tag, "-c", probe])?
            }
            Kind::Buildah => {
                let ctr = self
                    .run_ok(["from", "--pull=never", tag])?
                    .trim()
                    .to_string();
                let o = self.run(["run", ctr.as_str(), "--", "sh", "-c", probe]);
                let _ = self.run(["rm", ctr.as_str()]);
                o?
            }
        };
        Ok(ProbeOutput {
            status: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        })
    }

    /// The file tree of an image (`scratch`: none). Buildah and Podman mount it (as root,
    /// or inside `buildah unshare` / `podman unshare`); Docker exports a container of
    /// it. Whatever was created for the reading is removed again.
    pub fn tree(&self, image: &str) -> Result<Mounted<'_>> {
        let ready = |tree: Tree| Mounted {
            tree,
            _unmount: None,
        };
        if image == "scratch" {
            return Ok(ready(Tree::default()));
        }
        let mount_hint = |e: anyhow::Error| {
            e.context(format!(
                "cannot mount the image `{image}` to read its files; {} mounts images as root \
                 or inside `{} unshare` (run `{} unshare dockerlean compare ...`)",
                self.kind.program(),
                self.kind.program(),
                self.kind.program()
            ))
        };
        match self.kind {
            Kind::Buildah => {
                let ctr = self
                    .run_ok(["from", "--pull=never", image])
                    .with_context(|| format!("cannot open the image `{image}`"))?
                    .trim()
                    .to_string();
                let name = ctr.clone();
                let rm = Removal(Box::new(move || {
                    let _ = self.run(["umount", name.as_str()]);
                    let _ = self.run(["rm", name.as_str()]);
                }));
                let dir = self.run_ok(["mount", ctr.as_str()]).map_err(mount_hint)?;
                Ok(Mounted {
                    tree: Tree::scan_dir(Path::new(dir.trim()))
                        .with_context(|| format!("cannot read the files of `{image}`"))?,
                    _unmount: Some(rm),
                })
            }
            Kind::Podman => {
                let dir = self.run_ok(["image", "mount", image]).map_err(mount_hint)?;
                let image = image.to_string();
                let rm = Removal(Box::new(move || {
                    let _ = self.run(["image", "unmount", image.as_str()]);
                }));
                Ok(Mounted {
                    tree: Tree::scan_dir(Path::new(dir.trim()))
                        .context("cannot read the files of a mounted image")?,
                    _unmount: Some(rm),
                })
            }
            Kind::Docker => {
                // The entrypoint is never run; it lets images without a command be created.
                let ctr = self
                    .run_ok(["create", "--entrypoint", "/dockerlean-never-run", image])
                    .with_context(|| format!("cannot create a container of `{image}`"))?
                    .trim()
                    .to_string();
                let _rm = Removal(Box::new(|| {
                    let _ = self.run(["rm", "-f", ctr.as_str()]);
                }));
                let mut child = self
                    .cmd()
                    .args(["export", ctr.as_str()])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .with_context(|| format!("cannot run {}", self.program.display()))?;
                let stdout = child.stdout.take().expect("piped");
                let tree = Tree::read_tar(std::io::BufReader::with_capacity(1 << 20, stdout));
                let o = child.wait_with_output()?;
                if !o.status.success() {
                    bail!(
                        "`docker export` of `{image}` failed: {}",
                        String::from_utf8_lossy(&o.stderr).trim()
                    );
                }
                Ok(ready(tree.with_context(|| {
                    format!("cannot read the files of `{image}`")
                })?))
            }
        }
    }

    /// The image's WORKDIR ("/" when it sets none).
    pub fn workdir(&self, image: &str) -> String {
        if image == "scratch" {
            return "/".into();
        }
        self.config(image)
            .ok()
            .and_then(|c| c.working_dir)
            .filter(|w| w.starts_with('/'))
            .unwrap_or_else(|| "/".into())
    }

    /// The ids of the dangling images (left by layered builds).
    pub fn dangling(&self) -> Vec<String> {
        self.run_ok(["images", "-q", "--no-trunc", "--filter", "dangling=true"])
            .map(|s| s.lines().map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// Removes images; best effort (they may never have been built).
    pub fn remove(&self, images: &[String]) {
        if !images.is_empty() {
            let mut args = vec!["rmi".to_string(), "-f".to_string()];
            args.extend(images.iter().cloned());
            let _ = self.run(&args);
        }
    }
}

/// An image's tree, with what keeps it readable (a mount) until it is dropped.
pub struct Mounted<'e> {
    pub tree: Tree,
    _unmount: Option<Removal<'e>>,
}

/// Runs its closure when dropped: what a reading created is removed on every path out.
struct Removal<'a>(Box<dyn FnMut() + Send + 'a>);

impl Drop for Removal<'_> {
    fn drop(&mut self) {
        (self.0)()
    }
}

/// `docker history --format '{{.Size}}\t{{.CreatedBy}}'` lines, newest first.
/// The instructions a build ran rather than took from its cache, from its log: buildah
/// and podman print `STEP n/m: INSTRUCTION` then `--> Using cache ID` for a cached one;
/// BuildKit's plain progress prints `#k [stage i/n] INSTRUCTION` and `#k CACHED`.
fn steps_run(kind: Kind, log: &str) -> Vec<String> {
    let mut steps: Vec<(String, String, bool)> = Vec::new(); // (id, instruction, cached)
    for line in log.lines() {
        let line = line.trim_end();
        match kind {
            Kind::Buildah | Kind::Podman => {
                if let Some(rest) = line.strip_prefix("STEP ")
                    && let Some((_, ins)) = rest.split_once(": ")
                {
                    steps.push((String::new(), ins.to_string(), false));
                } else if line.starts_with("--> Using cache")
                    && let Some(last) = steps.last_mut()
                {
                    last.2 = true;
                }
            }
            Kind::Docker => {
                let Some((id, rest)) = line.split_once(' ') else {
                    continue;
                };
                if !id.starts_with('#') {
                    continue;
                }
                if rest == "CACHED" {
                    if let Some(s) = steps.iter_mut().find(|s| s.0 == id) {
                        s.2 = true;
                    }
                } else if let Some(ins) = rest
                    .strip_prefix('[')
                    .and_then(|r| r.split_once("] "))
                    .filter(|(head, _)| head.contains('/') && !head.starts_with("internal"))
                    .map(|(_, ins)| ins)
                    && !steps.iter().any(|s| s.0 == id)
                {
                    steps.push((id.to_string(), ins.to_string(), false));
                }
            }
        }
    }
    steps
        .into_iter()
        .filter(|(_, ins, cached)| !cached && !ins.to_ascii_uppercase().starts_with("FROM "))
        .map(|(_, ins, _)| ins.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn parse_history(text: &str) -> Result<Vec<Layer>> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (size, by) = l.split_once('\t').unwrap_or((l, ""));
            Ok(Layer {
                size: size
                    .trim()
                    .parse()
                    .with_context(|| format!("history line `{l}`"))?,
                instruction: instruction_of(by),
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct BuildahInspect {
    #[serde(rename = "Manifest")]
    manifest: String,
    #[serde(rename = "Docker")]
    docker: Option<DockerConfig>,
    #[serde(rename = "OCIv1")]
    oci: Option<DockerConfig>,
}

#[derive(Deserialize)]
struct DockerConfig {
    #[serde(default)]
    history: Vec<History>,
    #[serde(default)]
    config: Option<super::verify::Config>,
}

#[derive(Deserialize)]
struct History {
    #[serde(default)]
    created_by: String,
    #[serde(default)]
    empty_layer: bool,
}

#[derive(Deserialize)]
struct Manifest {
    layers: Vec<ManifestLayer>,
}

#[derive(Deserialize)]
struct ManifestLayer {
    size: u64,
}

/// Sizes from `buildah inspect`: the manifest lists one blob per non-empty history
/// entry (uncompressed for images built or committed locally).
fn buildah_image(json: &str) -> Result<Image> {
    let i: BuildahInspect = serde_json::from_str(json).context("`buildah inspect` output")?;
    let m: Manifest = serde_json::from_str(&i.manifest).context("image manifest")?;
    let history = i
        .docker
        .filter(|d| !d.history.is_empty())
        .or(i.oci)
        .map(|d| d.history)
        .unwrap_or_default();
    let mut sizes = m.layers.iter().map(|l| l.size);
    let mut layers = Vec::new();
    for h in history {
        let size = if h.empty_layer {
            0
        } else {
            sizes.next().unwrap_or(0)
        };
        layers.push(Layer {
            instruction: instruction_of(&h.created_by),
            size,
        });
    }
    Ok(Image {
        size: m.layers.iter().map(|l| l.size).sum(),
        layers,
    })
}

/// The Dockerfile instruction behind a history entry, as engines record it
/// (`/bin/sh -c #(nop) ENV ...`, `|1 A=b /bin/sh -c cmd`, `RUN /bin/sh -c cmd # buildkit`).
pub fn instruction_of(created_by: &str) -> String {
    let mut s = created_by.trim();
    s = s.strip_suffix("# buildkit").unwrap_or(s).trim_end();
    // Build arguments buildah records before the command: `|N K=V ... /bin/sh -c`.
    if let Some(rest) = s.strip_prefix('|')
        && let Some(i) = rest.find("/bin/sh -c ")
    {
        s = &rest[i..];
    }
    let run = s.strip_prefix("RUN ").unwrap_or(s);
    if let Some(cmd) = run.strip_prefix("/bin/sh -c ") {
        return match cmd.strip_prefix("#(nop) ") {
            Some(nop) => nop.trim().to_string(),
            None => format!("RUN {}", cmd.trim()),
        };
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_a_build_ran_come_from_its_log() {
        let buildah = "STEP 1/4: FROM python:3.12\nSTEP 2/4: COPY requirements.txt ./\n--> Using cache 1a2b\n--> 1a2b\nSTEP 3/4: RUN pip install -r requirements.txt\n--> Using cache 3c4d\nSTEP 4/4: COPY . .\n--> 5e6f\nCOMMIT x\n";
        assert_eq!(steps_run(Kind::Buildah, buildah), ["COPY . ."]);
        let docker = "#1 [internal] load build definition\n#1 DONE 0.0s\n#5 [1/4] FROM docker.io/library/python:3.12\n#6 [2/4] COPY requirements.txt ./\n#6 CACHED\n#7 [3/4] RUN pip install   -r requirements.txt\n#7 CACHED\n#8 [4/4] COPY . .\n#8 DONE 0.1s\n";
        assert_eq!(steps_run(Kind::Docker, docker), ["COPY . ."]);
        let uncached = "STEP 1/2: FROM a\nSTEP 2/2: RUN make\n--> 9a\n";
        assert_eq!(steps_run(Kind::Podman, uncached), ["RUN make"]);
    }

    #[test]
    fn history_entries_name_their_instruction() {
        assert_eq!(
            instruction_of("/bin/sh -c #(nop) ENV LANG=C.UTF-8"),
            "ENV LANG=C.UTF-8"
        );
        assert_eq!(
            instruction_of("/bin/sh -c apt-get update"),
            "RUN apt-get update"
        );
        assert_eq!(instruction_of("|1 V=2 /bin/sh -c echo $V"), "RUN echo $V");
        assert_eq!(instruction_of("RUN /bin/sh -c make # buildkit"), "RUN make");
        assert_eq!(instruction_of("COPY app.py . # buildkit"), "COPY app.py .");
    }

    #[test]
    fn docker_history_is_parsed_newest_first() {
        let l =
            parse_history("0\t/bin/sh -c #(nop)  CMD [\"sh\"]\n1024\t/bin/sh -c make\n").unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].size, 0);
        assert_eq!(l[1].instruction, "RUN make");
        assert_eq!(l[1].size, 1024);
        assert!(parse_history("12MB\tRUN x").is_err());
    }

    #[test]
    fn buildah_sizes_follow_the_non_empty_history_entries() {
        let manifest = r#"{"layers":[{"size":100},{"size":7}]}"#;
        let json = serde_json::json!({
            "Manifest": manifest,
            "Docker": {"history": [
                {"created_by": "/bin/sh -c #(nop) ADD file:x in /"},
                {"created_by": "/bin/sh -c #(nop) ENV A=1", "empty_layer": true},
                {"created_by": "/bin/sh -c touch /a"}
            ]}
        });
        let i = buildah_image(&json.to_string()).unwrap();
        assert_eq!(i.size, 107);
        let sizes: Vec<u64> = i.layers.iter().map(|l| l.size).collect();
        assert_eq!(sizes, [100, 0, 7]);
        assert_eq!(i.layers[2].instruction, "RUN touch /a");
    }
}
