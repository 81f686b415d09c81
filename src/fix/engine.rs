//! Runs transforms as ordered passes, each to its own fixpoint, and applies their fixes.

use super::suppress::Suppressions;
use super::{Applicability, Edit, Finding, apply_edits};
use crate::syntax::{Document, ModelError};
use crate::transform::{Context, Transform};

/// What to apply.
#[derive(Debug, Clone)]
pub struct Options {
    /// Apply `Unsafe` fixes too.
    pub unsafe_fixes: bool,
    /// Rounds per pass before the pass is declared non-converging.
    pub max_rounds: usize,
    /// Options per transform id.
    pub contexts: std::collections::BTreeMap<String, Context>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            unsafe_fixes: false,
            max_rounds: 16,
            contexts: std::collections::BTreeMap::new(),
        }
    }
}

/// The result of running the engine on one file.
#[derive(Debug)]
pub struct Outcome {
    /// Findings of every transform on the original text.
    pub findings: Vec<Finding>,
    /// The rewritten bytes (equal to the input when nothing applied).
    pub output: Vec<u8>,
    /// Transform ids and messages of the fixes applied, in order.
    pub applied: Vec<(&'static str, String)>,
    /// Rounds that were reverted, with the reason: bugs in a transform, never written.
    pub internal_errors: Vec<String>,
}

impl Outcome {
    pub fn changed(&self, input: &[u8]) -> bool {
        self.output != input
    }
}

pub struct Engine<'t> {
    transforms: Vec<&'t dyn Transform>,
    options: Options,
}

impl<'t> Engine<'t> {
    /// `transforms` in the order their passes run.
    pub fn new(transforms: Vec<&'t dyn Transform>, options: Options) -> Engine<'t> {
        Engine {
            transforms,
            options,
        }
    }

    fn wanted(&self, f: &Finding) -> bool {
        match f.fix.as_ref().map(|x| x.applicability) {
            Some(Applicability::Safe) => true,
            Some(Applicability::Unsafe) => self.options.unsafe_fixes,
            _ => false,
        }
    }

    /// Findings of `t` on `doc`, without the suppressed ones.
    fn findings(&self, t: &dyn Transform, doc: &Document, sup: &Suppressions) -> Vec<Finding> {
        if sup.file_off(t) || !doc.allows(t.local()) {
            return Vec::new();
        }
        static EMPTY: std::sync::OnceLock<Context> = std::sync::OnceLock::new();
        let ctx = self
            .options
            .contexts
            .get(t.id())
            .unwrap_or_else(|| EMPTY.get_or_init(Context::default));
        let mut out = Vec::new();
        t.run(doc, ctx, &mut out);
        out.retain(|f| !sup.suppresses(t, f));
        out
    }

    /// Findings on `src` without fixing anything.
    pub fn check(&self, doc: &Document) -> Vec<Finding> {
        let sup = Suppressions::of(doc);
        let mut out = Vec::new();
        for t in &self.transforms {
            out.extend(self.findings(*t, doc, &sup));
        }
        out.sort_by_key(|f| (f.range.start, f.transform));
        out
    }

    /// Runs every pass to its fixpoint, and the sequence of passes again until a whole
    /// sequence changes nothing (a later pass can open work for an earlier one, e.g. a
    /// merge that makes a cleanup foldable), so that a second run changes nothing.
    pub fn run(&self, src: Vec<u8>) -> Result<Outcome, ModelError> {
        crate::syntax::ShellBody::clear_cache();
        let doc = Document::parse(src)?;
        let sup = Suppressions::of(&doc);
        // Findings on the original, per transform: reported, and reused as the first
        // round of each pass while nothing has changed yet.
        let mut first: Vec<Option<Vec<Finding>>> = self
            .transforms
            .iter()
            .map(|t| Some(self.findings(*t, &doc, &sup)))
            .collect();
        let mut findings: Vec<Finding> = first.iter().flatten().flatten().cloned().collect();
        findings.sort_by_key(|f| (f.range.start, f.transform));
        let mut current = doc;
        let mut applied = Vec::new();
        let mut internal_errors = Vec::new();
        let mut settled = false;
        for _sequence in 0..self.options.max_rounds {
            let before = applied.len();
            for (k, t) in self.transforms.iter().enumerate() {
                let reuse = if applied.is_empty() {
                    first[k].take()
                } else {
                    None
                };
                current = self.pass(*t, current, reuse, &mut applied, &mut internal_errors)?;
            }
            if applied.len() == before {
                settled = true;
                break;
            }
        }
        internal_errors.dedup();
        if !settled {
            internal_errors.push(format!(
                "the passes did not settle after {} sequences",
                self.options.max_rounds
            ));
        }
        Ok(Outcome {
            findings,
            output: current.bytes().to_vec(),
            applied,
            internal_errors,
        })
    }

    /// One transform to its fixpoint. A round that breaks the text is reverted; a pass
    /// that does not settle is reverted whole.
    fn pass(
        &self,
        t: &dyn Transform,
        mut current: Document,
        mut reuse: Option<Vec<Finding>>,
        applied: &mut Vec<(&'static str, String)>,
        internal_errors: &mut Vec<String>,
    ) -> Result<Document, ModelError> {
        let pass_start = current.bytes().to_vec();
        let pass_applied = applied.len();
        for _round in 0..self.options.max_rounds {
            let found = match reuse.take() {
                Some(f) => f,
                None => self.findings(t, &current, &Suppressions::of(&current)),
            };
            let chosen = choose(found.into_iter().filter(|f| self.wanted(f)).collect());
            if chosen.is_empty() {
                return Ok(current);
            }
            let edits: Vec<&Edit> = chosen
                .iter()
                .flat_map(|f| f.fix.as_ref().into_iter().flat_map(|x| &x.edits))
                .collect();
            let next = match apply_edits(current.bytes(), &edits) {
                Ok(n) => n,
                Err(e) => {
                    internal_errors.push(format!("{}: {e}", t.id()));
                    return Ok(current);
                }
            };
            match Document::parse(next) {
                Ok(d) => {
                    applied.extend(chosen.iter().map(|f| (f.transform, f.message.clone())));
                    current = d;
                }
                Err(e) => {
                    internal_errors.push(format!(
                        "{}: a round produced text that does not parse ({e}); it was reverted",
                        t.id()
                    ));
                    return Ok(current);
                }
            }
        }
        internal_errors.push(format!(
            "{}: did not settle after {} rounds; its changes were reverted",
            t.id(),
            self.options.max_rounds
        ));
        applied.truncate(pass_applied);
        Document::parse(pass_start)
    }
}

/// Picks fixes in order of position, skipping any that overlaps or touches one already
/// picked (it is proposed again in the next round, on the new text).
fn choose(mut found: Vec<Finding>) -> Vec<Finding> {
    found.sort_by_key(|f| {
        let s = f.fix.as_ref().map(|x| x.span()).unwrap_or_default();
        (s.start, s.end)
    });
    let mut picked: Vec<Finding> = Vec::new();
    // Picked edit ranges by start; they never touch each other, so the one starting
    // last at or before an edit's end is the only one that can touch it.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let clashes = |taken: &std::collections::BTreeMap<usize, usize>, e: &Edit| {
        taken
            .range(..=e.range.end)
            .next_back()
            .is_some_and(|(_, &end)| end >= e.range.start)
    };
    for f in found {
        let Some(fix) = &f.fix else { continue };
        if !edits_disjoint(&fix.edits) || fix.edits.iter().any(|e| clashes(&taken, e)) {
            continue;
        }
        for e in &fix.edits {
            taken.insert(e.range.start, e.range.end);
        }
        picked.push(f);
    }
    picked
}

fn edits_disjoint(edits: &[Edit]) -> bool {
    let mut r: Vec<&std::ops::Range<usize>> = edits.iter().map(|e| &e.range).collect();
    r.sort_by_key(|x| (x.start, x.end));
    r.windows(2).all(|w| {
        w[0].end <= w[1].start && !(w[0].is_empty() && w[1].is_empty() && w[0].start == w[1].start)
    })
}
