//! `unread-run`: advice on every RUN whose shell dockerlean cannot read, so that no
//! body is skipped silently by the transforms that leave it alone.

use super::{Context, Transform};
use crate::fix::Finding;
use crate::syntax::{Document, Form, Kind};

pub struct UnreadRun;

impl Transform for UnreadRun {
    fn id(&self) -> &'static str {
        "unread-run"
    }

    fn summary(&self) -> &str {
        "Say which RUN bodies dockerlean cannot read (no transform changes them)"
    }

    fn grades(&self) -> &'static str {
        "advice"
    }

    fn explain(&self) -> &'static str {
        include_str!("../../transforms/unread-run/README.md")
    }

    fn local(&self) -> bool {
        true
    }

    fn run(&self, doc: &Document, _ctx: &Context, out: &mut Vec<Finding>) {
        if doc.escape() != b'\\' {
            return;
        }
        for inst in &doc.instructions {
            if inst.kind != Kind::Run
                || !inst.heredocs.is_empty()
                || !matches!(inst.form, Form::Shell { .. })
            {
                continue;
            }
            let Some(body) = doc.shell(inst.index) else {
                continue;
            };
            if !body.clean {
                out.push(Finding::new(
                    self.id(),
                    inst.keyword.clone(),
                    format!(
                        "the shell of the RUN at line {} cannot be read with certainty (a syntax error, or a form the shell grammar misreads), so no transform changes it",
                        inst.line
                    ),
                ));
            }
        }
    }
}
