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
    /// List the transforms.
    Transforms,
    /// Document one transform.
    Explain {
        /// Transform id, e.g. merge-runs.
        id: String,
    },
}

#[derive(Debug, Args, Clone)]
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
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files or directories (searched recursively for Dockerfiles). Default: `.`
    pub paths: Vec<PathBuf>,
    /// Apply the changes in place.
    #[arg(long, conflicts_with_all = ["check", "stdout"])]
    pub write: bool,
    /// Print no diff; list the files that would change; exit 1 if any.
    #[arg(long, conflicts_with = "stdout")]
    pub check: bool,
    /// Print the rewritten FILE to standard output (`-` reads standard input).
    #[arg(long, value_name = "FILE")]
    pub stdout: Option<PathBuf>,
    #[command(flatten)]
    pub selection: Selection,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories (searched recursively for Dockerfiles). Default: `.`
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub selection: Selection,
}
