//! `dockerignore`: write or complete the `.dockerignore` of a build context. It works on
//! the context (a directory and the Dockerfiles that use it), not on one Dockerfile: the
//! command line plans it with [`crate::context::plan`] after the Dockerfiles are done.

use super::{Context, Meta, Transform};
use crate::fix::Finding;
use crate::syntax::Document;

pub struct Dockerignore;

static DOCKERIGNORE_META: Meta = Meta::new(
    "dockerignore",
    "Write or complete .dockerignore from what is really in the build context",
    "safe/unsafe",
    include_str!("../../transforms/dockerignore/README.md"),
)
.options(check_dockerignore_options)
.reads_context();

/// `[transform.dockerignore]`.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// The build context directory, relative to the config file.
    pub context: Option<String>,
}

fn check_dockerignore_options(options: &toml::Table) -> Result<(), String> {
    super::check_typed::<Options>(options)
}

impl Transform for Dockerignore {
    fn meta(&self) -> &Meta {
        &DOCKERIGNORE_META
    }

    /// Nothing per Dockerfile: see the module documentation.
    fn run(&self, _doc: &Document, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
