//! What the image is, for dev-purge: the command it runs (an app, or a container to work
//! in), the base it is built on, and what it names that only a development package
//! ships.

use super::{ServiceBase, purge_data};
use crate::effects::programs;
use crate::syntax::{Document, Instruction, Kind};
use crate::transform::entry::{command_line, command_words, programs_in};

/// `words` without the wrappers an entry starts its command through (`tini --`,
/// `tini -e 143 --`, `gosu user`: effects' [wrappers]; `exec`), by base name.
pub(super) fn unwrapped(words: &[String]) -> &[String] {
    let d = purge_data();
    let wrappers = &programs().wrappers;
    let mut k = 0;
    while let Some(w) = words.get(k) {
        let name = w.rsplit('/').next().unwrap_or(w);
        if d.entry_wrappers.iter().any(|x| x == name) {
            k += 1;
        } else if let Some(wr) = wrappers.get(name) {
            k += 1 + wr.command_at(&words[k + 1..]).unwrap_or(words.len());
        } else {
            break;
        }
    }
    &words[k.min(words.len())..]
}

/// Whether the command `words` (wrappers removed) leaves the container to be worked in:
/// any program of its command line (a `-c` string and `&&` lists included) that is a
/// keep-alive command or a remote or notebook server (the data's `workbench_programs`),
/// a `python -m` module that is one, or a first program that is a shell or an
/// interpreter without a script or code, or with `-i`.
pub(super) fn works_in(words: &[String]) -> bool {
    let d = purge_data();
    let Some(first) = words.first() else {
        return false;
    };
    // Every program of the line, `-c` strings and `python -m` modules included; words
    // that are the shell's operators stay unquoted (a shell-form CMD's `&&`, `;`).
    let line = words
        .iter()
        .map(|w| {
            if matches!(w.as_str(), "&&" | "||" | ";" | "|" | "&") {
                w.clone()
            } else {
                crate::transform::common::shell_quote(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    if programs_in(&line)
        .iter()
        .chain(std::iter::once(first))
        .any(|p| {
            let n = p.rsplit('/').next().unwrap_or(p);
            d.workbench_programs.iter().any(|w| w == n)
        })
    {
        return true;
    }
    let name = first.rsplit('/').next().unwrap_or(first);
    let interpreter = d
        .interpreters
        .iter()
        .any(|p| name == p || (p == "python" && name.starts_with("python")));
    if !interpreter {
        return false;
    }
    let args = &words[1..];
    let shell = programs().programs.get(name).is_some_and(|s| s.shell);
    // `-i`: interactive after the script; a shell's option cluster with `c` (`-lc`)
    // takes the command line.
    let code = |a: &String| {
        matches!(a.as_str(), "-c" | "-e" | "-r")
            || shell && a.starts_with('-') && !a.starts_with("--") && a.contains('c')
    };
    if args.iter().any(|a| a == "-i") {
        return true;
    }
    match args.iter().position(code) {
        // Code given: a shell's is a command line, read the same way.
        Some(k) => match args.get(k + 1) {
            None => true,
            Some(code) => {
                shell
                    && works_in(
                        &code
                            .split_whitespace()
                            .map(str::to_string)
                            .collect::<Vec<_>>(),
                    )
            }
        },
        // No code: an interactive one unless a script (an operand) is given.
        None => args.iter().all(|a| a.starts_with('-')),
    }
}

/// Why the image may be one to work in (where someone may build against the headers)
/// rather than one that runs an app: the command it runs (ENTRYPOINT's, with CMD's after
/// a wrapper or an entry script that runs its arguments) works in the container, or it
/// sets none and its base image's is not known to run a service.
pub(super) fn workbench(doc: &Document) -> Option<String> {
    let chain = doc.shipped_stages();
    let entry = |kind: Kind| {
        doc.instructions
            .iter()
            .rfind(|i| i.kind == kind && i.stage.is_some_and(|s| chain.contains(&s)))
    };
    let (cmd, ep) = (entry(Kind::Cmd), entry(Kind::Entrypoint));
    let say = |i: &Instruction| {
        Some(format!(
            "{} at line {} leaves the container to be worked in (a shell, an interpreter, a keep-alive or notebook command), where one may build",
            i.kind.as_str(),
            i.line
        ))
    };
    // ENTRYPOINT's command, and CMD's (its arguments, or the command a wrapper or an
    // entry script runs): either one working in the container is enough.
    for i in [ep, cmd].into_iter().flatten() {
        if works_in(unwrapped(&command_words(doc, i))) {
            return say(i);
        }
    }
    if ep.is_some() || cmd.is_some() {
        return None;
    }
    (!base_in(doc, &purge_data().service_bases)).then(|| {
        "the image sets no CMD or ENTRYPOINT, and its base image's is not known to run a service: it may be an image to work in, where one may build".to_string()
    })
}

/// Whether the image the shipped stages are built on is one of `bases` (an official
/// image by name, a tag part among the listed ones, or any tag where none are).
pub(super) fn base_in(doc: &Document, bases: &[ServiceBase]) -> bool {
    let chain = doc.shipped_stages();
    let Some(root) = chain.last() else {
        return false;
    };
    let from = &doc.instructions[doc.stages[*root].from];
    from.from.as_ref().is_some_and(|f| {
        let text = doc.text();
        let repo = &text[f.image.repository.clone()];
        let tag = f.image.tag.clone().map_or("", |t| &text[t]);
        f.image.registry.is_none()
            && !f.image.has_variable
            && bases.iter().any(|b| {
                (repo == b.name || repo == format!("library/{}", b.name))
                    && (b.tags.is_empty() || tag.split('-').any(|p| b.tags.iter().any(|t| t == p)))
            })
    })
}

/// Whether a text names a file only a development package ships: a library's
/// unversioned name (`libjemalloc.so`, which the runtime package does not have), the
/// headers, pkg-config's files, or LD_PRELOAD (which names a library file).
pub(crate) fn names_dev_file(text: &str) -> bool {
    text.contains("LD_PRELOAD")
        || text
            .split(|c: char| c.is_whitespace() || "\"'=:,;[]()".contains(c))
            .filter(|w| !w.is_empty())
            .any(|w| {
                let base = w.trim_end_matches('/').rsplit('/').next().unwrap_or(w);
                w.contains("/usr/include")
                    || w.contains("/pkgconfig")
                    || base.starts_with("lib") && base.ends_with(".so")
            })
}

/// Whether a program is a development package's tool: pkg-config, or a library's
/// `*-config` / `*_config` script (`pg_config`, `xml2-config`, `mysql_config`).
pub(super) fn dev_tool(program: &str) -> bool {
    program == "pkg-config"
        || !program.starts_with('-')
            && (program.ends_with("-config") || program.ends_with("_config"))
            && program.len() > 7
}

/// Where an instruction names what only a development package ships: a file in its
/// text, or (CMD, ENTRYPOINT, HEALTHCHECK, RUN) a development tool it runs.
pub(super) fn names_dev(doc: &Document, i: &Instruction) -> bool {
    let text = &doc.text()[i.range.clone()];
    // The command line alone, not the keyword nor HEALTHCHECK's options.
    let line = command_line(doc, i).unwrap_or_default();
    names_dev_file(text)
        || matches!(
            i.kind,
            Kind::Run | Kind::Cmd | Kind::Entrypoint | Kind::Healthcheck
        ) && programs_in(&line).iter().any(|p| dev_tool(p))
}

#[cfg(test)]
mod tests {
    use super::{dev_tool, names_dev_file, unwrapped, works_in};

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn commands_that_leave_the_container_to_be_worked_in() {
        for cmd in [
            "bash",
            "/bin/bash -l",
            "sh -c",
            "sleep infinity",
            "tail -f /dev/null",
            "python3",
            "php -a",
            "jupyter lab --ip=0.0.0.0",
            "sh -c sleep",
            "service ssh start && tail -f /dev/null",
            "python -m jupyter lab",
            "python -i app.py",
        ] {
            assert!(works_in(&w(cmd)), "{cmd}");
        }
        for cmd in [
            "apache2-foreground",
            "python app.py",
            "php-fpm",
            "node server.js",
            "bash start.sh",
            "sh -c gunicorn",
            "python -c import_app",
        ] {
            assert!(!works_in(&w(cmd)), "{cmd}");
        }
        assert_eq!(unwrapped(&w("tini -- bash")), w("bash"));
        assert_eq!(unwrapped(&w("gosu app python app.py")), w("python app.py"));
        assert_eq!(unwrapped(&w("dumb-init")), Vec::<String>::new());
    }

    #[test]
    fn files_and_tools_only_development_packages_ship() {
        for t in [
            "ENV LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so",
            "ENV CFLAGS=-I/usr/include/libxml2",
            "ENV PKG_CONFIG_PATH=/usr/lib/x86_64-linux-gnu/pkgconfig",
            "COPY --from=base /usr/lib/libgeos_c.so /opt/",
        ] {
            assert!(names_dev_file(t), "{t}");
        }
        for t in [
            "ENV APACHE_DOCUMENT_ROOT=/var/www/html/public",
            "COPY sshd_config /etc/ssh/sshd_config",
            "RUN ldconfig /usr/lib/libfoo.so.1",
            "CMD [\"php-fpm\"]",
        ] {
            assert!(!names_dev_file(t), "{t}");
        }
        assert!(dev_tool("pg_config") && dev_tool("xml2-config") && dev_tool("pkg-config"));
        assert!(!dev_tool("git") && !dev_tool("config") && !dev_tool("--config"));
    }
}
