//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "dockerlean",
    version,
    about = "Rewrites Dockerfiles so images get smaller and builds faster, without changing what the image does"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show (default) or apply the changes as a unified diff.
    Fix(FixArgs),
    /// Report findings, one per line; exit 1 if there are any.
    Check(CheckArgs),
    /// Build the original and the rewritten Dockerfile and compare the images: size,
    /// probe, config and files; exit 1 when anything differs unexpectedly.
    Compare(CompareArgs),
    /// List the transforms.
    Transforms,
    /// Document one transform.
    Explain {
        /// Transform id, e.g. merge-runs.
        id: String,
    },
}

#[derive(Debug, Args, Clone, Default)]
pub struct Selection {
    /// Also apply fixes that may change behaviour.
    #[arg(long = "unsafe")]
    pub unsafe_fixes: bool,
    /// Run only these transforms (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub select: Vec<String>,
    /// Do not run these transforms (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub ignore: Vec<String>,
    /// The runtime variant slim-base proposes: `slim` (default) or `alpine`.
    #[arg(long, value_name = "VARIANT", value_parser = ["slim", "alpine"])]
    pub prefer: Option<String>,
    /// Keep package-manager caches in build cache mounts (`RUN --mount=type=cache`)
    /// instead of deleting them: faster rebuilds, the same image.
    #[arg(long)]
    pub cache_mounts: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct Files {
    /// Files or directories (searched recursively for Dockerfiles). Default: `.`
    pub paths: Vec<PathBuf>,
    /// Skip files matching this gitignore-style pattern (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Follow symbolic links while searching directories.
    #[arg(long)]
    pub follow_links: bool,
    /// Use this config file for every file (no discovery of dockerlean.toml).
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore all config files.
    #[arg(long)]
    pub isolated: bool,
    /// The path that standard input stands for (config lookup, exclusions, messages).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// The build context of every Dockerfile (for dockerignore); default: its directory.
    #[arg(long, value_name = "DIR")]
    pub context: Option<PathBuf>,
    /// No progress on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// `path:line:col: transform message [grade]`
    Text,
    /// A JSON array (schema: docs/findings.schema.json).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub files: Files,
    /// Apply the changes in place; exit 0 once they are written (2 on an error).
    #[arg(long, conflicts_with_all = ["check", "stdout"])]
    pub write: bool,
    /// Print no diff; list the files that would change; exit 1 if any.
    #[arg(long, conflicts_with = "stdout")]
    pub check: bool,
    /// With --check: how to list the changes.
    #[arg(long, value_enum, requires = "check")]
    pub format: Option<Format>,
    /// Print the rewritten FILE to standard output (`-` reads standard input); exit 0.
    #[arg(long, value_name = "FILE")]
    pub stdout: Option<PathBuf>,
    #[command(flatten)]
    pub selection: Selection,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub files: Files,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub selection: Selection,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CompareFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The Dockerfile, or a directory holding one. Default: `.`
    pub path: Option<PathBuf>,
    /// The engine to build with. Default: the first usable of docker, podman, buildah.
    #[arg(long, value_enum)]
    pub engine: Option<super::engine::Kind>,
    /// The build context. Default: the Dockerfile's directory.
    #[arg(long, value_name = "DIR")]
    pub context: Option<PathBuf>,
    /// Run `sh -c CMD` in both images; exit 1 when the outputs differ.
    #[arg(long, value_name = "CMD")]
    pub probe: Option<String>,
    /// A build argument given to both builds (repeatable).
    #[arg(long, value_name = "KEY=VALUE")]
    pub build_arg: Vec<String>,
    /// After both builds, change FILE (a file of the build context) in a copy of the
    /// context and rebuild both with their cache: the time each rebuild takes and the
    /// steps that ran again show what an edit of that file costs.
    #[arg(long, value_name = "FILE")]
    pub rebuild: Option<PathBuf>,
    /// Compare with this Dockerfile (built from the same context: a hand edit, another
    /// tool's output) instead of dockerlean's rewrite.
    #[arg(long, value_name = "FILE")]
    pub against: Option<PathBuf>,
    /// Keep the images built (their tags are in the report); by default they are removed.
    #[arg(long)]
    pub keep: bool,
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    pub format: CompareFormat,
    /// Use this config file (no discovery of dockerlean.toml).
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore all config files.
    #[arg(long)]
    pub isolated: bool,
    /// No progress on standard error.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub selection: Selection,
}
