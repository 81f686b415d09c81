//! `dockerignore`: write or complete the `.dockerignore` of a build context. It works on
//! the context (a directory and the Dockerfiles that use it), not on one Dockerfile: the
//! command line plans it with [`crate::context::plan`] after the Dockerfiles are done.

use super::{Context, Transform};
use crate::fix::Finding;
use crate::syntax::Document;

pub struct Dockerignore;

impl Transform for Dockerignore {
    fn id(&self) -> &'static str {
        "dockerignore"
    }

    fn summary(&self) -> &str {
        "Write or complete .dockerignore from what is really in the build context"
    }

    fn grades(&self) -> &'static str {
        "safe/unsafe"
    }

    fn explain(&self) -> &'static str {
        include_str!("../../transforms/dockerignore/README.md")
    }

    fn check_options(&self, options: &toml::Table) -> Result<(), String> {
        for (k, v) in options {
            match (k.as_str(), v) {
                ("context", toml::Value::String(_)) => {}
                ("context", _) => return Err("`context` is a directory path".into()),
                _ => return Err(format!("unknown key `{k}`")),
            }
        }
        Ok(())
    }

    /// Nothing per Dockerfile: see the module documentation.
    fn run(&self, _doc: &Document, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
