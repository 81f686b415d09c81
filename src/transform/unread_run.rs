//! `unread-run`: advice on every RUN whose shell dockerlean cannot read, so that no
//! body is skipped silently by the transforms that leave it alone.

use super::{Context, Meta, Transform};
use crate::fix::Finding;
use crate::syntax::{Document, Form, Kind};

pub struct UnreadRun;

static UNREAD_RUN_META: Meta = Meta::new(
    "unread-run",
    "Say which RUN bodies dockerlean cannot read (no transform changes them)",
    "advice",
    include_str!("../../transforms/unread-run/README.md"),
)
.local();

impl Transform for UnreadRun {
    fn meta(&self) -> &Meta {
        &UNREAD_RUN_META
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
                    self.meta().id,
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
