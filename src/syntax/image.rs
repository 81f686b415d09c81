//! Image references: `[registry[:port]/][namespace/]name[:tag][@digest]`, with byte ranges.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The whole reference as written.
    pub range: Range<usize>,
    /// `registry[:port]`, when the first path component names a host.
    pub registry: Option<Range<usize>>,
    /// The repository path without the registry (`library/python`, `org/app`, `python`).
    pub repository: Range<usize>,
    /// The last path component (`python`).
    pub name: Range<usize>,
    pub tag: Option<Range<usize>>,
    pub digest: Option<Range<usize>>,
    /// The reference contains `$` (an ARG or ENV substitution).
    pub has_variable: bool,
}

impl ImageRef {
    /// Splits the reference written at `text[range]`.
    pub fn parse(text: &str, range: Range<usize>) -> ImageRef {
        let s = &text[range.clone()];
        let base = range.start;
        let has_variable = s.contains('$');
        let (body, digest) = match s.find('@') {
            Some(at) => (&s[..at], Some(base + at + 1..base + s.len())),
            None => (s, None),
        };
        let (registry, path_start) = match body.find('/') {
            Some(slash) => {
                let first = &body[..slash];
                if first.contains('.') || first.contains(':') || first == "localhost" {
                    (Some(base..base + slash), slash + 1)
                } else {
                    (None, 0)
                }
            }
            None => (None, 0),
        };
        let last_slash = body.rfind('/').map_or(0, |p| p + 1).max(path_start);
        let (name_end, tag) = match body[last_slash..].find(':') {
            Some(c) => (
                last_slash + c,
                Some(base + last_slash + c + 1..base + body.len()),
            ),
            None => (body.len(), None),
        };
        ImageRef {
            range,
            registry,
            repository: base + path_start..base + name_end,
            name: base + last_slash..base + name_end,
            tag,
            digest,
            has_variable,
        }
    }

    /// Repository as Docker Hub names it: `docker.io/library/python` -> `python`.
    pub fn hub_name<'t>(&self, text: &'t str) -> &'t str {
        let repo = &text[self.repository.clone()];
        let registry = self.registry.as_ref().map(|r| &text[r.clone()]);
        match registry {
            None | Some("docker.io" | "index.docker.io" | "registry-1.docker.io") => {
                repo.strip_prefix("library/").unwrap_or(repo)
            }
            Some(_) => repo,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (Option<&str>, &str, &str, Option<&str>, Option<&str>) {
        let r = ImageRef::parse(s, 0..s.len());
        (
            r.registry.map(|x| &s[x]),
            &s[r.repository],
            &s[r.name],
            r.tag.map(|x| &s[x]),
            r.digest.map(|x| &s[x]),
        )
    }

    #[test]
    fn shapes() {
        assert_eq!(parts("python"), (None, "python", "python", None, None));
        assert_eq!(
            parts("python:3.11-slim"),
            (None, "python", "python", Some("3.11-slim"), None)
        );
        assert_eq!(
            parts("localhost:5000/team/app:1.2"),
            (Some("localhost:5000"), "team/app", "app", Some("1.2"), None)
        );
        assert_eq!(
            parts("docker.io/library/node@sha256:abc"),
            (
                Some("docker.io"),
                "library/node",
                "node",
                None,
                Some("sha256:abc")
            )
        );
        assert_eq!(
            parts("ghcr.io/o/r:v1@sha256:ff"),
            (Some("ghcr.io"), "o/r", "r", Some("v1"), Some("sha256:ff"))
        );
        assert_eq!(parts("org/app"), (None, "org/app", "app", None, None));
    }

    #[test]
    fn hub_names() {
        let s = "docker.io/library/python:3";
        assert_eq!(ImageRef::parse(s, 0..s.len()).hub_name(s), "python");
        let s = "quay.io/library/x";
        assert_eq!(ImageRef::parse(s, 0..s.len()).hub_name(s), "library/x");
        let s = "${BASE}:${TAG}";
        assert!(ImageRef::parse(s, 0..s.len()).has_variable);
    }
}
