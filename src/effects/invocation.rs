//! Wrappers peeled off a command (`sudo`, `env`, `nice`, `timeout`, `python -m`; the
//! `[wrappers]` of effects/programs.toml): the program that really runs and its
//! arguments.

use crate::syntax::shell::{Command, ShellWord};

/// A command with wrappers peeled off: `sudo -E pip install x` and `python3 -m pip install x`
/// both read as program `pip` with arguments `install x`.
pub struct Invocation<'c> {
    pub command: &'c Command,
    pub program: String,
    pub args: &'c [ShellWord],
    /// A wrapper peeled off runs the command as another user (`sudo -u app`, `gosu
    /// app`: `switches_user` in [wrappers]), whose home and files differ.
    pub switches_user: bool,
    /// Files the wrappers peeled off read (`xargs -a FILE`: `reads_option`).
    pub wrapper_reads: Vec<String>,
    /// Files they write (`time -o FILE`: `writes_option`).
    pub wrapper_writes: Vec<String>,
    /// A wrapper gives the command words no word of it names (`xargs`' operands), or
    /// runs it in another folder (`env -C DIR`): what its operands name is not known.
    pub operands_unknown: bool,
}

impl<'c> Invocation<'c> {
    pub fn of(command: &'c Command) -> Invocation<'c> {
        let mut program = command.program().to_string();
        let mut args: &[ShellWord] = &command.args;
        let wrappers = &super::programs().wrappers;
        let mut switches_user = false;
        let mut wrapper_reads = Vec::new();
        let mut wrapper_writes = Vec::new();
        let mut operands_unknown = false;
        loop {
            if let Some(w) = wrappers.get(program.as_str()) {
                switches_user |= w.switches_user || has_flag(args, &w.user_options);
                let Some(at) = w.command_at(args) else {
                    break;
                };
                operands_unknown |= w.appends_operands || has_flag(&args[..at], &w.chdir_options);
                for (k, a) in args[..at].iter().enumerate() {
                    for (options, into) in [
                        (&w.reads_option, &mut wrapper_reads),
                        (&w.writes_option, &mut wrapper_writes),
                    ] {
                        for o in options {
                            if a.value == *o {
                                into.extend(args.get(k + 1).map(|v| v.value.clone()));
                            } else if let Some(v) = a.value.strip_prefix(&format!("{o}=")) {
                                into.push(v.to_string());
                            }
                        }
                    }
                }
                let (next, rest) = (&args[at], &args[at + 1..]);
                program = basename(&next.value).to_string();
                args = rest;
                continue;
            }
            match program.as_str() {
                p if p.starts_with("python") => match args {
                    [m, module, rest @ ..] if m.value == "-m" => {
                        program = module.value.clone();
                        args = rest;
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        Invocation {
            command,
            program,
            args,
            switches_user,
            wrapper_reads,
            wrapper_writes,
            operands_unknown,
        }
    }

    /// The leading positional arguments (options skipped), e.g. `["install"]` for
    /// `apt-get -y install curl`. Options listed in `with_value` take the next word.
    pub fn positionals(&self, with_value: &[&str]) -> Vec<&'c ShellWord> {
        let mut out = Vec::new();
        let mut skip_next = false;
        for a in self.args {
            if skip_next {
                skip_next = false;
                continue;
            }
            if a.value.starts_with('-') {
                skip_next = with_value.contains(&a.value.as_str());
                continue;
            }
            out.push(a);
        }
        out
    }

    /// Whether the leading positionals start with `words`.
    pub fn has_subcommand(&self, words: &[String], with_value: &[&str]) -> bool {
        let pos = self.positionals(with_value);
        words.len() <= pos.len() && words.iter().zip(&pos).all(|(w, p)| *w == p.value)
    }

    pub fn has_flag<S: AsRef<str>>(&self, flags: &[S]) -> bool {
        has_flag(self.args, flags)
    }

    /// `NAME=...` given to this command alone.
    pub fn sets_env(&self, name: &str) -> bool {
        let p = format!("{name}=");
        self.command.assignments.iter().any(|a| a.starts_with(&p))
            || (self.command.program() == "env"
                && self.command.args.iter().any(|a| a.value.starts_with(&p)))
    }
}

pub fn basename(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

/// Whether `args` hold one of `flags`, alone or with its value (`--flag=value`).
pub fn has_flag<S: AsRef<str>>(args: &[ShellWord], flags: &[S]) -> bool {
    args.iter().any(|a| {
        flags.iter().any(|f| {
            let f = f.as_ref();
            a.value == f || a.value.strip_prefix(f).is_some_and(|r| r.starts_with('='))
        })
    })
}
