//! The summary printed after a run.

use std::collections::BTreeMap;

use crate::emit::findings::Located;

pub struct Summary {
    pub files: usize,
    pub changed: usize,
    pub errors: usize,
    /// Findings per transform.
    pub per_transform: BTreeMap<&'static str, usize>,
    /// Unsafe fixes that `--unsafe` would apply.
    pub unsafe_available: usize,
}

impl Summary {
    pub fn new(files: usize) -> Summary {
        Summary {
            files,
            changed: 0,
            errors: 0,
            per_transform: BTreeMap::new(),
            unsafe_available: 0,
        }
    }

    /// Counts a file's findings; `applicable` are those whose fixes the run applies.
    pub fn count(&mut self, findings: &[Located], applicable: &[Located]) {
        for f in findings {
            *self.per_transform.entry(f.transform).or_default() += 1;
        }
        let unsafe_count = |v: &[Located]| v.iter().filter(|f| f.safety == "unsafe").count();
        self.unsafe_available += unsafe_count(findings) - unsafe_count(applicable);
    }

    fn tail(&self) -> String {
        let mut s = String::new();
        if !self.per_transform.is_empty() {
            let parts: Vec<String> = self
                .per_transform
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect();
            s.push_str(&format!("\nfindings: {}", parts.join(", ")));
        }
        if self.unsafe_available > 0 {
            s.push_str(&format!(
                "\n{} more change{} available with --unsafe",
                self.unsafe_available,
                plural(self.unsafe_available)
            ));
        }
        s
    }

    /// `N files scanned, M would change (rewritten), E errors` and the details.
    pub fn fix_line(&self, written: bool) -> String {
        format!(
            "{} Dockerfile{} scanned, {} file{} {}, {} error{}{}",
            self.files,
            plural(self.files),
            self.changed,
            plural(self.changed),
            if written { "rewritten" } else { "would change" },
            self.errors,
            plural(self.errors),
            self.tail()
        )
    }

    pub fn check_line(&self) -> String {
        let n: usize = self.per_transform.values().sum();
        format!(
            "{} Dockerfile{} scanned, {} finding{}, {} file{} would change, {} error{}{}",
            self.files,
            plural(self.files),
            n,
            plural(n),
            self.changed,
            plural(self.changed),
            self.errors,
            plural(self.errors),
            self.tail()
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
