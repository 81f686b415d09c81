//! The plan of a split (what stays in the builder, what the runtime replays and
//! copies) and the edits that write it.

use super::*;

pub(super) fn plan(doc: &Document, ctx: &Context, stack: Stack, builds: &[Build]) -> Sure<Plan> {
    let data = stacks();
    let from = &doc.instructions[doc.stages[0].from];
    let info = from.from.as_ref().expect("a FROM has its image");
    let text = doc.text();
    if info.image.has_variable {
        return unsure("the base image is given by a variable");
    }
    if info.image.digest.is_some() {
        return unsure("the base image is pinned by digest, so no runtime tag is certain");
    }
    if doc.escape() != b'\\' || !doc.stages[0].posix_shell {
        return unsure("the stage does not use a POSIX shell");
    }
    let last_build = builds[builds.len() - 1].inst;
    let tag = info.image.tag.as_ref().map_or("", |t| &text[t.clone()]);
    let name = info.image.hub_name(text);

    // Python's leading pip upgrades: replayed as they stand, before the user base.
    let upgrades = if stack == Stack::Python {
        python_upgrades(doc, stack, last_build)
    } else {
        Vec::new()
    };
    let mut replay: Vec<String> = Vec::new();
    // Python's replayed COPYs: (instruction, its place in `replay`); a place emptied
    // is not written (see `removed_copies`).
    let mut copy_replays: Vec<(usize, usize)> = Vec::new();
    let mut packages: Vec<String> = Vec::new();
    // What apt steps after the build install, which the runtime replays.
    let mut after_packages: Vec<String> = Vec::new();
    // Where in `replay` each apt install's packages go (see `Plan::packages`).
    let mut package_groups: Vec<(usize, Vec<String>)> = Vec::new();
    // Folders of Node global installs the runtime takes from the builder.
    let mut globals: Vec<String> = Vec::new();
    // The places in `replay` of apt groups the original installed with recommendations.
    let mut recommends_at: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    // Packages removed before the build: (line, named packages, autoremove).
    let mut removals: Vec<(usize, Vec<String>, bool)> = Vec::new();
    // PHP: a step left in the builder removed something in `[php] takes`.
    let mut clear_takes = false;
    // PHP: where Composer was copied to (the runtime lacks it).
    let mut composer_copies: Vec<String> = Vec::new();
    if let Some(vars) = data.redirects.get(stack.key())
        && let Some(v) = vars.iter().find(|v| sets_before(doc, last_build, v))
    {
        return unsure(format!("{v} moves where the build installs"));
    }
    // A bare assignment (`deps="a b"`) sets a variable of its RUN's shell alone; a
    // command substitution in it is a command of its own in the body.
    let neutral = |c: &crate::syntax::shell::Command| {
        c.program().is_empty() || data.replay.neutral.iter().any(|r| r == c.program())
    };
    // A program every runtime image of this stack has.
    let in_runtime = |p: &str| {
        data.replay.commands.iter().any(|r| r == p)
            || data
                .replay
                .stack
                .get(stack.key())
                .is_some_and(|l| l.iter().any(|r| r == p))
    };
    let replayable = |c: &crate::syntax::shell::Command| neutral(c) || in_runtime(c.program());
    // Before the build of a stack whose runtime copies the app in after the replay, a
    // program that may run first there: it makes users and folders (PHP's a2en* too).
    let runs_early = |p: &str| {
        data.replay.early.iter().any(|r| r == p)
            || stack == Stack::Php && data.php.early.iter().any(|r| r == p)
    };
    // Whether an `apt-get update` ran after the build, in the runtime stage.
    let mut apt_lists_fresh = false;
    // The line that may change apt's sources before the build, read once when needed.
    let mut apt_sources: Option<Option<usize>> = None;
    for inst in &doc.instructions {
        if inst.index == from.index {
            continue;
        }
        if inst.onbuild.is_some() || inst.kind == Kind::Onbuild {
            return unsure(format!("line {} has an ONBUILD trigger", inst.line));
        }
        let before = inst.index <= last_build;
        match inst.kind {
            Kind::Run if upgrades.contains(&inst.index) => replay.push(inst_text(doc, inst)),
            Kind::Run => {
                if inst.flags.iter().any(|f| f.name == "mount") && !before {
                    return unsure(format!(
                        "the RUN at line {} mounts from the build",
                        inst.line
                    ));
                }
                if let Form::Exec { args, .. } = &inst.form {
                    // Exec form: one program, replayed when the runtime has it.
                    let prog = args
                        .first()
                        .map_or("", |a| a.rsplit('/').next().unwrap_or(a));
                    if !in_runtime(prog) || inst.flags.iter().any(|f| f.name == "mount") {
                        return unsure(format!(
                            "line {} runs `{prog}` where the runtime may lack it",
                            inst.line
                        ));
                    }
                    // Before the build, as a shell-form step: the other stacks copy the
                    // app in after the replay, so only user and folder creation runs
                    // before it there.
                    if before && stack != Stack::Python && !runs_early(prog) {
                        return unsure(format!(
                            "line {} runs `{prog}` before the build; the runtime may need what it makes",
                            inst.line
                        ));
                    }
                    // What it reads or links to, as for a shell-form step.
                    let words: Vec<String> = args.iter().map(|a| a.to_string()).collect();
                    if let Some((c, e)) = crate::effects::of_exec(&words) {
                        replayed_reads(doc, stack, inst, &c, &e)?;
                    }
                    if before {
                        replay.push(inst_text(doc, inst));
                    }
                    continue;
                }
                let Some(body) = shell_run(doc, inst) else {
                    return unsure(format!(
                        "the RUN at line {} is not a shell command dockerlean can read",
                        inst.line
                    ));
                };
                if !before {
                    let effects = doc.effects(inst.index).unwrap_or_default();
                    for (k, c) in body.commands.iter().enumerate() {
                        // The slim runtime has no compiler (`python setup.py build_ext`).
                        if effects.get(k).is_some_and(|e| e.compiles) {
                            return unsure(format!(
                                "line {} compiles native code after the build (`{}`), and the slim runtime has no compiler",
                                inst.line,
                                c.program()
                            ));
                        }
                        if replayable(c) {
                            if let Some(e) = effects.get(k) {
                                replayed_reads(doc, stack, inst, c, e)?;
                            }
                            continue;
                        }
                        let apt = effects.get(k).map_or(AptAfter::No, |e| {
                            after_build_apt(stack, c, e, &mut apt_lists_fresh)
                        });
                        match apt {
                            AptAfter::No => {}
                            AptAfter::Replay => {
                                let changed = match apt_sources {
                                    Some(c) => c,
                                    None => *apt_sources
                                        .insert(apt_sources_changed(doc, ctx, stack, last_build)?),
                                };
                                if let Some(line) = changed {
                                    return unsure(format!(
                                        "line {line} may change apt's sources before the build, and line {} runs apt after it, which in the runtime would use Debian's sources alone",
                                        inst.line
                                    ));
                                }
                                // Replayed in the runtime: its packages are there.
                                if let Some(pkgs) = apt_install_packages(&Invocation::of(c)) {
                                    after_packages.extend(pkgs.iter().map(|w| w.value.clone()));
                                }
                                continue;
                            }
                            AptAfter::NoLists => {
                                return unsure(format!(
                                    "line {} installs packages after the build without `apt-get update` there; the runtime image has no package lists",
                                    inst.line
                                ));
                            }
                        }
                        return unsure(format!(
                            "line {} runs `{}` after the build; the runtime image may lack it",
                            inst.line,
                            c.program()
                        ));
                    }
                    continue;
                }
                // A RUN before the build is replayed verbatim when all it runs exists
                // in the runtime, left in the builder when it only builds, and refused
                // when it mixes the two (its text is never rebuilt from words).
                let mut runtime_steps: Vec<(&str, &crate::effects::Effect)> = Vec::new();
                let mut copied: Vec<(&str, &crate::effects::Effect)> = Vec::new();
                let mut builder_steps = false;
                let effects = doc.effects(inst.index).unwrap_or_default();
                for (c, e) in body.commands.iter().zip(effects) {
                    let inv = Invocation::of(c);
                    if stack == Stack::Node
                        && let Some(dirs) = node_global(&inv, inst)?
                    {
                        // Global packages: installed in the builder, their folders copied.
                        for d in dirs {
                            if !globals.contains(d) {
                                globals.push(d.clone());
                                replay.push(format!("COPY --from=BUILDER {d} {d}"));
                            }
                        }
                        builder_steps = true;
                        continue;
                    }
                    if is_build(stack, &inv) {
                        check_build(stack, &inv, inst)?;
                        builder_steps = true;
                        continue;
                    }
                    if stack == Stack::Php {
                        composer_step(&inv, inst)?;
                    }
                    if toolchain_change(stack, &inv) {
                        return unsure(format!(
                            "line {} runs `{}`, which changes what the image has installed outside what the runtime would take from the builder",
                            inst.line,
                            step_name(&inv)
                        ));
                    }
                    // Packages removed before the build: checked against what the
                    // runtime installs once that is known. The php runtime is the
                    // builder's own image, where a package the Dockerfile did not
                    // install (`apt-get purge curl`, PHPIZE_DEPS) would stay.
                    if let Some((pkgs, auto)) = package_removal(&inv) {
                        if stack == Stack::Php
                            && let Some(p) = pkgs.iter().find(|p| !packages.contains(p))
                        {
                            return unsure(format!(
                                "line {} removes `{p}`, which the image has and the runtime (the same image) would keep",
                                inst.line
                            ));
                        }
                        removals.push((inst.line, pkgs, auto));
                        builder_steps = true;
                        continue;
                    }
                    if let Some(pkgs) = apt_install_packages(&inv) {
                        let pkgs: Vec<String> = pkgs.iter().map(|w| w.value.clone()).collect();
                        // Installed with their recommendations (apt's default, unless the
                        // command or an APT configuration says otherwise): the runtime
                        // installs what takes their place the same way.
                        if !pkgs.is_empty() && crate::transform::apt::takes_recommends(inv.args) {
                            recommends_at.insert(replay.len());
                        }
                        // Before what this RUN's other steps wrote (copied after it).
                        match package_groups.last_mut() {
                            Some((at, group)) if *at == replay.len() => group.extend(pkgs.clone()),
                            _ => package_groups.push((replay.len(), pkgs.clone())),
                        }
                        packages.extend(pkgs);
                        builder_steps = true;
                        continue;
                    }
                    if build_tool(stack, &inv.program)
                        || matches!(e.manager.as_deref(), Some("apt" | "dpkg"))
                    {
                        // Toolchain steps (`go mod download`, `pip install --upgrade pip`,
                        // `apt-get update`) only matter to the builder.
                        builder_steps = true;
                        continue;
                    }
                    if neutral(c) {
                        continue;
                    }
                    // A step that only prints (`ls`, `cat npm_log`, `pip show x | grep
                    // 1.2`) changes nothing the runtime needs: where the runtime has its
                    // program it may run again with its RUN (replayed as written), and
                    // elsewhere the RUN stays in the builder.
                    if e.output_only {
                        if !in_runtime(c.program()) {
                            builder_steps = true;
                        }
                        continue;
                    }
                    if c.program() == "rm" && builder_removal(doc, stack, inst, e, last_build)? {
                        continue;
                    }
                    // PHP: what it changes comes from the builder with `takes` and the
                    // app folder.
                    if stack == Stack::Php
                        && let Some(clears) = php_builder_write(doc, inst, e, last_build)?
                    {
                        clear_takes |= clears;
                        builder_steps = true;
                        continue;
                    }
                    // Python's files are copied again in order, so any replayable step
                    // can follow them; the other stacks copy the app from the builder
                    // after the replay, so only user and folder creation can precede it.
                    let early = if stack == Stack::Python {
                        replayable(c)
                    } else {
                        runs_early(c.program())
                    };
                    if !early && data.replay.copy_writes.iter().any(|p| p == c.program()) {
                        // It would run before the app is there, or needs a tool only the
                        // builder has (`curl -o`): it stays in the builder and the runtime
                        // takes what it wrote (named in full by the facts).
                        copied.push((c.program(), e));
                        continue;
                    }
                    if !early {
                        return unsure(format!(
                            "line {} runs `{}` before the build; the runtime may need what it makes",
                            inst.line,
                            c.program()
                        ));
                    }
                    runtime_steps.push((c.program(), e));
                }
                let builds_too = builder_steps;
                if !copied.is_empty() {
                    copied.append(&mut runtime_steps);
                    builder_steps = true;
                    runtime_steps = copied;
                }
                match (runtime_steps.is_empty(), builder_steps) {
                    (false, true) => {
                        // Python: the build's RUN removes the file a COPY just brought
                        // (`pip install -r req.txt && rm req.txt`): the runtime leaves
                        // out that COPY instead.
                        if stack == Stack::Python
                            && let Some(at) =
                                removed_copies(doc, ctx, inst, &runtime_steps, &copy_replays)?
                        {
                            replay[at].clear();
                            continue;
                        }
                        // The RUN stays in the builder; the runtime takes what its other
                        // steps wrote from there, where the facts name all of it.
                        for path in mixed_writes(doc, inst, &runtime_steps, last_build, builds_too)?
                        {
                            replay.push(format!("COPY --from=BUILDER {path} {path}"));
                        }
                    }
                    (false, false) => {
                        // The slim runtime has no compiler for a step that builds native
                        // code (`python setup.py build_ext` before the pip install).
                        if let Some((p, _)) = runtime_steps.iter().find(|(_, e)| e.compiles) {
                            return unsure(format!(
                                "line {} compiles native code (`{p}`), which the runtime would have to replay without a compiler",
                                inst.line
                            ));
                        }
                        // After a build, the stack's own interpreter may use what it
                        // installed, which the runtime gets only after the replay.
                        let interpreter = data.replay.stack.get(stack.key()).and_then(|l| {
                            runtime_steps
                                .iter()
                                .find(|(p, _)| l.iter().any(|r| r == p))
                                .map(|(p, _)| *p)
                        });
                        if let Some(p) = interpreter
                            && let Some(b) = builds.iter().find(|b| b.inst < inst.index)
                        {
                            return unsure(format!(
                                "line {} runs `{p}` after the build at line {}, so it may use what that build installed, which the runtime stage gets only at its end",
                                inst.line, doc.instructions[b.inst].line
                            ));
                        }
                        for (_, e) in &runtime_steps {
                            replayed_reads(doc, stack, inst, &body.commands[e.command], e)?;
                        }
                        replay.push(inst_text(doc, inst));
                    }
                    (true, _) => {}
                }
            }
            Kind::Copy | Kind::Add => {
                if inst.copy_from().is_some() {
                    // Composer itself, copied from its image: the builder's alone.
                    if stack == Stack::Php && before && toolchain_copy(inst) {
                        composer_copies.push(toolchain_copy_dest(doc, inst)?);
                        continue;
                    }
                    return unsure(format!("line {} copies from another image", inst.line));
                }
                if stack == Stack::Php && before {
                    relative_before_workdir(doc, inst)?;
                }
                if before
                    && inst
                        .flags
                        .iter()
                        .any(|f| f.name == "chown" || f.name == "chmod")
                {
                    return unsure(format!(
                        "line {} sets ownership of files the build uses",
                        inst.line
                    ));
                }
                // Python's app files live outside the installed packages: copied again. The
                // other stacks take their files from the builder: Node the app folder, so
                // what a COPY puts elsewhere is copied again too (an entrypoint script in
                // /usr/local/bin); Go, Rust and Java only the build output, and their
                // context must hold only build inputs (`inputs_only`).
                if before && stack == Stack::Python {
                    copy_replays.push((inst.index, replay.len()));
                    replay.push(inst_text(doc, inst));
                } else if before && matches!(stack, Stack::Node | Stack::Ruby | Stack::Php) {
                    let app = workdir_at(doc, last_build)?.unwrap_or_default();
                    let wd = workdir_at(doc, inst.index)?;
                    let Some(dest) = inst.paths.last().map(|w| w.value.trim_matches('"')) else {
                        continue;
                    };
                    if dest.contains('$') {
                        return unsure(format!(
                            "line {} copies to a path given by a variable",
                            inst.line
                        ));
                    }
                    let dest = clean_path(&resolve(wd.as_deref(), dest));
                    let inside = !app.is_empty()
                        && (dest.trim_end_matches('/') == app
                            || dest.starts_with(&format!("{app}/")));
                    if !inside {
                        replay.push(inst_text(doc, inst));
                    }
                }
            }
            Kind::User if before => {
                let u = inst.args.first().map_or("", |w| w.value.as_str());
                if !matches!(u, "root" | "0" | "0:0") {
                    return unsure(format!(
                        "the build runs as user `{u}` (line {}), so its files are that user's",
                        inst.line
                    ));
                }
                replay.push(inst_text(doc, inst));
            }
            Kind::Healthcheck => {
                // Its command's words, against what the slim images lack.
                // The programs of its command, not every word of it.
                let cmd = command_line(doc, inst).unwrap_or_default();
                for tool in programs_in(&cmd).iter().map(String::as_str) {
                    if let Some(pkg) = slim_lacks(name, tool)
                        && !packages.iter().chain(&after_packages).any(|p| p == pkg)
                    {
                        return unsure(format!(
                            "the HEALTHCHECK at line {} uses {tool}, which the runtime image lacks",
                            inst.line
                        ));
                    }
                }
                if before {
                    replay.push(inst_text(doc, inst));
                }
            }
            _ if before => replay.push(inst_text(doc, inst)),
            _ => {}
        }
    }

    // COREPACK_HOME holds a package manager only once one ran through a shim: with
    // none, the folder the runtime takes would not exist.
    if globals.iter().any(|g| g.ends_with("/node/corepack"))
        && !builds.iter().any(|b| {
            shell_run(doc, &doc.instructions[b.inst]).is_some_and(|body| {
                body.commands
                    .iter()
                    .any(|c| matches!(c.program(), "pnpm" | "yarn"))
            })
        })
    {
        return unsure("`corepack enable` with no pnpm or yarn step after it");
    }

    // The runtime's Debian release names the libraries behind `-dev` packages (an
    // eclipse-temurin runtime is Ubuntu: none known). A python or node runtime is the
    // slim variant of the same tag, whose release is the one the tag names: a tag that
    // names none follows the image's default, which moves with new releases and was
    // older for older versions (python:3.6 is bullseye), so it is not known.
    let release = match stack {
        Stack::Java => None,
        Stack::Go | Stack::Rust => debian_of(name, tag).ok(),
        Stack::Python | Stack::Node | Stack::Ruby | Stack::Php => named_release(tag),
    };
    let mut runtime_pkgs: Vec<(usize, Vec<String>)> = Vec::new();
    for (at, group) in &package_groups {
        let pkgs = runtime_packages(group, release.as_deref(), stack)?;
        if !pkgs.is_empty() {
            runtime_pkgs.push((*at, pkgs));
        }
    }
    // What the original removed must not come back in the runtime: a package it named,
    // or, after an autoremove, a library the runtime installs in place of a `-dev`
    // package (installed automatically in the original, so removed with it there).
    let runtime_installs: Vec<&String> = runtime_pkgs.iter().flat_map(|(_, g)| g).collect();
    for (line, pkgs, auto) in &removals {
        if let Some(p) = pkgs.iter().find(|p| runtime_installs.contains(p)) {
            return unsure(format!(
                "line {line} removes `{p}`, which the runtime would install"
            ));
        }
        if *auto && let Some(p) = runtime_installs.iter().find(|p| !packages.contains(p)) {
            return unsure(format!(
                "line {line} removes what apt installed automatically, which may include `{p}`, which the runtime installs"
            ));
        }
    }
    let drops_packages = runtime_pkgs
        .iter()
        .flat_map(|(_, g)| g)
        .collect::<std::collections::BTreeSet<_>>()
        != packages.iter().collect();
    let wd = workdir_at(doc, last_build)?;
    build_folders(doc, stack, builds, wd.as_deref())?;
    let builder = info
        .alias
        .as_ref()
        .map_or_else(|| "builder".to_string(), |(a, _)| a.clone());
    let alias_at = info.alias.is_none().then_some(info.image.range.end);
    let platform = from
        .flag("platform")
        .and_then(|f| f.value.clone())
        .map(|v| format!("--platform={v} "));
    let mut p = Plan {
        runtime_image: String::new(),
        config: Vec::new(),
        builder,
        alias_at,
        builder_prefix: None,
        builder_dirs: Vec::new(),
        replay,
        packages: runtime_pkgs,
        recommends_at,
        artifact: Artifact {
            from: String::new(),
            to: String::new(),
        },
        also: Vec::new(),
        clear: Vec::new(),
        platform,
        drops_packages,
        linked: Vec::new(),
    };
    // Whether the build output is a static binary (it links no shared library).
    let mut static_output = false;
    // The repository as written (registry included), for the slim tag.
    let prefix = {
        let r = &info.image.range;
        let repo_end = info.image.tag.as_ref().map_or(r.end, |t| t.start - 1);
        text[r.start..repo_end].to_string()
    };
    match stack {
        Stack::Python => {
            python_installs(doc, ctx, stack, last_build, &upgrades)?;
            runtime_loads_check(ctx, stack)?;
            let slim = runtime_tag(name, tag)?;
            p.runtime_image = format!("{prefix}:{slim}");
            // pip installs into a user base the builder's Python sees, and the runtime
            // takes it as its own /usr/local: the image config (Env included) stays the
            // original's, unlike a virtualenv, which needs VIRTUAL_ENV and PATH.
            let base = "/install";
            let nl = doc.newline();
            // Right after FROM (before any comment that annotates, or suppresses
            // findings on, the instruction below it), or after the leading pip upgrades.
            p.builder_prefix = Some((
                upgrades.last().copied().unwrap_or(from.index),
                format!("ENV PYTHONUSERBASE={base} PIP_USER=1 PATH=\"{base}/bin:$PATH\"{nl}"),
            ));
            p.artifact = Artifact {
                from: base.to_string(),
                to: "/usr/local".to_string(),
            };
        }
        Stack::Node => {
            let slim = runtime_tag(name, tag)?;
            p.runtime_image = format!("{prefix}:{slim}");
            let wd = app_folder(wd.clone(), globals_only(doc, builds), "global packages")?;
            yarn_classic(doc, ctx, builds)?;
            node_installs_here(doc, ctx, builds, &wd, last_build)?;
            node_app_complete(doc, ctx, builds, &wd, last_build)?;
            // Dev dependencies stay: the app may run one (`npm start` running ts-node or
            // nodemon, a package installed with --no-save), which no file shows for sure.
            // What install scripts downloaded into the cache folder (a browser, a
            // binary) is part of the app.
            let cache = &data.node_scripts.cache;
            p.builder_dirs.push(cache.clone());
            p.also.push(Artifact::same(cache));
            p.artifact = Artifact::same(&wd);
        }
        Stack::Ruby => {
            ruby_steps(doc, last_build)?;
            runtime_loads_check(ctx, stack)?;
            let slim = runtime_tag(name, tag)?;
            p.runtime_image = format!("{prefix}:{slim}");
            let wd = app_folder(wd.clone(), gems_only(doc, builds), "gems")?;
            // The gems, then the app folder, as the builder left them.
            let home = &data.ruby.gem_home;
            p.also.push(Artifact::same(home));
            p.artifact = Artifact::same(&wd);
        }
        Stack::Php => {
            // No slim variant: the runtime is the same image, which pays only for what
            // it leaves out (checked by the caller: `drops_packages`).
            p.runtime_image = image_text(doc, from);
            let wd = app_folder(wd.clone(), false, "")?;
            composer_here(doc, ctx, builds, &wd)?;
            for t in &data.php.takes {
                p.also.push(Artifact::same(t));
            }
            if clear_takes {
                p.clear = data.php.takes.clone();
            }
            p.artifact = Artifact::same(&wd);
        }
        Stack::Go | Stack::Rust | Stack::Java => {
            if !has_entry(doc) {
                return unsure("there is no CMD or ENTRYPOINT to say what runs");
            }
            let entry = entry_words(doc);
            for tool in &data.runtime_toolchain {
                if entry.iter().any(|w| w == tool) {
                    return unsure(format!("the app runs `{tool}` at run time"));
                }
            }
            // The runtime gets the last build's output alone: an earlier build's binary
            // (a health probe installed first, a second program) would be missing.
            if matches!(stack, Stack::Go | Stack::Rust)
                && let Some(b) = builds[..builds.len() - 1].first()
            {
                return unsure(format!(
                    "line {} builds another binary than the last build at line {}, and the runtime would take only the last one",
                    doc.instructions[b.inst].line, doc.instructions[last_build].line
                ));
            }
            let (from_path, static_bin) = match stack {
                Stack::Go => go_binary(doc, ctx, builds, wd.as_deref())?,
                Stack::Rust => (rust_binary(doc, ctx, builds, wd.as_deref())?, false),
                _ => {
                    // The runtime gets the jar as the build left it: a step after the
                    // build (`cp target/*.jar app.jar`) would run where target/ is not.
                    if let Some(r) = doc.instructions[last_build + 1..]
                        .iter()
                        .find(|i| i.kind == Kind::Run)
                    {
                        return unsure(format!(
                            "line {} runs after the build, and the runtime gets only the jar",
                            r.line
                        ));
                    }
                    let final_wd = workdir_at(doc, doc.instructions.len())?;
                    for var in &data.java_options {
                        // A value with a path in it (`-javaagent:/opt/otel.jar`); memory
                        // or property options without one are the jar's own business.
                        let names_path = doc.instructions.iter().any(|i| {
                            let t = &doc.text()[i.range.clone()];
                            t.find(var.as_str()).is_some_and(|at| t[at..].contains('/'))
                        });
                        if names_path && sets_before(doc, doc.instructions.len() - 1, var) {
                            return unsure(format!(
                                "{var} names a path (an agent, a classpath) the runtime would not get"
                            ));
                        }
                    }
                    (java_jar(&entry, final_wd.as_deref())?, false)
                }
            };
            static_output = static_bin;
            if stack != Stack::Java {
                inputs_only(ctx, stack)?;
            }
            // A download before the build (an agent jar, a health probe) is not the
            // build's output: the runtime would lack it.
            if let Some(add) = doc.instructions[..last_build].iter().find(|i| {
                i.kind == Kind::Add
                    && i.paths
                        .split_last()
                        .is_some_and(|(_, srcs)| srcs.iter().any(|s| s.value.contains("://")))
            }) {
                return unsure(format!(
                    "line {} downloads a file the runtime would not get (only the build's output is copied)",
                    add.line
                ));
            }
            p.runtime_image = match stack {
                Stack::Java => java_runtime(&prefix, name, tag)?,
                Stack::Go => go_runtime(ctx, name, tag, static_bin)?,
                _ => format!("debian:{}-slim", debian_of(name, tag)?),
            };
            if stack == Stack::Java {
                // After the image checks, which say more about a maven or gradle base.
                inputs_only(ctx, stack)?;
                java_self_contained(ctx)?;
            }
            // debian-slim lacks the CA certificates the full images carry (eclipse-temurin
            // and distroless have them; scratch gets the builder's bundle below).
            // With the last apt install (one apt run fewer); nothing replayed needs them
            // missing.
            if p.runtime_image.starts_with("debian:") {
                p.install_with_last("ca-certificates");
            }
            let debian_like = p.runtime_image.starts_with("debian:") || stack == Stack::Java;
            if !debian_like
                && (p.replay.iter().any(|r| r.starts_with("RUN")) || !p.packages.is_empty())
            {
                return unsure(format!(
                    "{} cannot run the RUN steps the runtime needs",
                    p.runtime_image
                ));
            }
            if p.runtime_image == "scratch" {
                p.replay.push(
                    "COPY --from=BUILDER /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/"
                        .to_string(),
                );
            }
            p.config = toolchain_lines(name, tag)?;
            if wd.is_none() && stack == Stack::Go {
                // The golang image works in /go; the runtime must too.
                p.replay.insert(0, "WORKDIR /go".to_string());
            }
            p.artifact = Artifact::same(&from_path);
        }
    }
    // Native code the build linked against the full image's shared libraries (a C
    // extension against libpq, a cgo or Rust binary against libssl) needs them in the
    // runtime, which has far fewer. Which ones is only known after the build, so the
    // builder lists their Debian packages and the runtime installs those it lacks. Not
    // for a static binary, nor a runtime that is not Debian's own (an eclipse-temurin
    // JRE is Ubuntu; a jar's native code is not visible to the linker).
    let debian_runtime = match stack {
        Stack::Python | Stack::Node | Stack::Ruby | Stack::Php => true,
        Stack::Go | Stack::Rust => p.runtime_image.starts_with("debian:"),
        Stack::Java => false,
    };
    if debian_runtime && !static_output {
        let changed = match apt_sources {
            Some(c) => c,
            None => apt_sources_changed(doc, ctx, stack, last_build)?,
        };
        if let Some(line) = changed {
            return unsure(format!(
                "line {line} may change apt's sources before the build, and the runtime installs the libraries the build linked from Debian's sources alone"
            ));
        }
        // An archived release's packages are no longer where its images' apt looks.
        if let Some(r) = release.as_ref().filter(|r| data.old_distros.contains(r)) {
            return unsure(format!(
                "Debian {r} is archived, so the runtime could not install the libraries the build linked"
            ));
        }
        p.linked.push(p.artifact.from.clone());
        p.linked.extend(p.also.iter().map(|a| a.from.clone()));
        for r in &p.replay {
            if let Some(rest) = r.strip_prefix("COPY --from=BUILDER ")
                && let Some((src, _)) = rest.split_once(' ')
                && !p.linked.iter().any(|l| l == src)
            {
                p.linked.push(src.to_string());
            }
        }
    }
    // What the slim runtime purged that the full image had (see stacks.toml), with the
    // last apt install.
    for pkg in data.runtime_restores.get(stack.key()).into_iter().flatten() {
        if !p.packages.iter().any(|(_, g)| g.contains(pkg)) {
            p.install_with_last(pkg);
        }
    }
    let mut installed: Vec<String> = p.packages.iter().flat_map(|(_, g)| g.clone()).collect();
    installed.extend(after_packages);
    if stack == Stack::Php {
        let dropped: Vec<String> = packages
            .iter()
            .filter(|p| !installed.contains(p))
            .cloned()
            .collect();
        php_entry_lacks(doc, ctx, &dropped)?;
        // CMD, ENTRYPOINT, HEALTHCHECK and the steps after the build, word by word
        // (`php /usr/bin/composer start`, `rm /usr/local/bin/composer`).
        for i in doc.instructions.iter().filter(|i| {
            matches!(i.kind, Kind::Cmd | Kind::Entrypoint | Kind::Healthcheck)
                || i.kind == Kind::Run && i.index > last_build
        }) {
            let text = match i.kind {
                Kind::Run => doc.text()[i.range.clone()].to_string(),
                _ => command_line(doc, i).unwrap_or_default(),
            };
            if let Some(w) = php_left_out_word(&text, &dropped, &composer_copies) {
                return unsure(format!(
                    "line {} uses `{w}`, which the runtime leaves out",
                    i.line
                ));
            }
        }
    } else {
        entry_lacks(doc, ctx, name, &installed)?;
    }
    // The paths are written bare into COPY lines, where a blank or a quote would split
    // or change them.
    if let Some(a) = p.also.iter().chain([&p.artifact]).find(|a| {
        a.from
            .contains(|c: char| c.is_whitespace() || "\"'".contains(c))
    }) {
        return unsure(format!(
            "the path `{}` holds a blank or a quote, which a COPY line would not keep",
            a.from
        ));
    }
    Ok(p)
}

/// Whether `name` is set up to instruction `last` (included): by ENV or ARG, or in a
/// RUN by an assignment, `export`, or a command's own prefix (`NAME=x cmd`, `env`). A
/// RUN the shell layer cannot read counts when its text names the variable.
pub(super) fn sets_before(doc: &Document, last: usize, name: &str) -> bool {
    if stage_sets_env(doc, 0, last + 1, name) {
        return true;
    }
    doc.instructions[..=last].iter().any(|inst| {
        if inst.kind != Kind::Run {
            return false;
        }
        match shell_run(doc, inst) {
            // Any command's assignment or word `NAME=...` (export, env, declare, after
            // `nice`, in a subshell too): where it applies, it moves the installs there.
            Some(body) => {
                let sets =
                    |w: &str| w == name || w.strip_prefix(name).is_some_and(|r| r.starts_with('='));
                body.commands.iter().any(|c| {
                    c.assignments.iter().any(|a| sets(a)) || c.args.iter().any(|a| sets(&a.value))
                })
            }
            None => doc.text()[inst.range.clone()].contains(name),
        }
    })
}

/// The app folder (the build's WORKDIR), which the runtime takes from the builder. With
/// none, an image whose builds only install tools (`what`: Node's global packages,
/// gems) is a box of tools, and tools run what the full image has (bower runs git,
/// PhantomJS loads fontconfig, a gem may run ImageMagick): the slim image may lack it.
fn app_folder(wd: Option<String>, tools_only: bool, what: &str) -> Sure<String> {
    match wd {
        Some(wd) => Ok(wd),
        None if tools_only => unsure(format!(
            "the image installs only {what}, whose commands may run programs or load libraries of the full image that the slim one lacks"
        )),
        None => unsure("the build runs in `/`; set a WORKDIR for the app"),
    }
}

/// Where each build command runs: its RUN's WORKDIR, moved by the `cd`s before it in
/// that RUN (the shell's folder lasts one RUN). Node's and Ruby's builds write into the
/// folder they run in (node_modules, a vendored bundle) and the runtime takes only the
/// app folder `wd` (the last build's WORKDIR), so each must run in it or below it. A Go
/// or Rust build's output is found from `wd`, so the last build must run in it. A `cd`
/// to a folder not known in full (a variable, `..`, `~`, `-`, none) leaves it unknown;
/// a `cd` in a subshell counts as if it lasted (the safe side).
fn build_folders(doc: &Document, stack: Stack, builds: &[Build], wd: Option<&str>) -> Sure<()> {
    let app = wd.unwrap_or("");
    let inside = |cwd: &str| cwd == app || cwd.starts_with(&format!("{app}/"));
    let last = builds[builds.len() - 1].inst;
    for b in builds {
        let inst = &doc.instructions[b.inst];
        let Some(body) = shell_run(doc, inst) else {
            continue;
        };
        let mut cwd = Some(workdir_at(doc, b.inst)?.unwrap_or_default());
        let mut moved_by: Option<String> = None;
        let effects = doc.effects(b.inst).unwrap_or_default();
        for (k, c) in body.commands.iter().enumerate() {
            let inv = Invocation::of(c);
            let build = is_build(stack, &inv)
                && !(stack == Stack::Node && matches!(node_global(&inv, inst), Ok(Some(_))))
                && !(stack == Stack::Ruby && stacks().ruby.anywhere.contains(&inv.program));
            let wrong = match stack {
                Stack::Node | Stack::Ruby | Stack::Php => !cwd.as_deref().is_some_and(inside),
                // An absolute `go build -o /usr/local/bin/api` lands there from anywhere.
                Stack::Go | Stack::Rust => {
                    let args: Vec<&str> = inv.args.iter().map(|a| a.value.as_str()).collect();
                    let absolute_out =
                        stack == Stack::Go && go_output(&args).is_some_and(|o| o.starts_with('/'));
                    b.inst == last && cwd.as_deref() != Some(app) && !absolute_out
                }
                Stack::Python | Stack::Java => false,
            };
            if build && wrong {
                let place = match (&moved_by, wd) {
                    (Some(cd), _) => format!("after `{cd}`"),
                    (None, Some(wd)) => format!("outside `{wd}`"),
                    (None, None) => "outside the app folder".to_string(),
                };
                return unsure(format!(
                    "line {} runs the build in another folder ({place}), so the runtime stage would not find what it makes",
                    inst.line
                ));
            }
            if effects.get(k).is_some_and(|e| e.chdir) {
                // Only `cd DIR` and `pushd DIR` name where they go.
                let to = inv.positionals(&[]);
                let target = match (c.program(), to.as_slice()) {
                    ("cd" | "pushd", [t])
                        if !t.value.is_empty()
                            && !t.value.contains(['$', '`', '~', '*', '?', '['])
                            && !t.value.split('/').any(|p| p == "..")
                            && !inv.args.iter().any(|a| a.value.starts_with('-')) =>
                    {
                        Some(t.value.trim_end_matches('/').to_string())
                    }
                    _ => None,
                };
                cwd = match (cwd, target) {
                    (Some(_), Some(t)) if t.starts_with('/') => Some(t),
                    (Some(here), Some(t)) => {
                        Some(resolve(Some(&here), &t).trim_end_matches("/.").to_string())
                    }
                    _ => None,
                };
                moved_by = Some(
                    std::iter::once(c.program())
                        .chain(inv.args.iter().map(|a| a.value.as_str()))
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
        }
    }
    Ok(())
}

/// A path the shell expands, where dockerlean knows the value: `~/x`, `$HOME/x` and
/// `${HOME}/x` are root's home (/root) unless HOME is set (`home_set`); for Ruby,
/// `$(gem env gemdir)/x` is GEM_HOME (lang-cache writes it); for PHP, `$PHP_INI_DIR` is
/// the image's. Otherwise as written.
pub(super) fn expand_known(stack: Stack, home_set: bool, p: &str) -> String {
    if let Some(home) = in_root_home(p).filter(|_| !home_set) {
        return home;
    }
    if stack == Stack::Php {
        // The php images' own Env (`$PHP_INI_DIR`), which the Dockerfile may not set
        // (a `[redirects]` variable).
        let mut p = p.to_string();
        for (name, value) in &stacks().php.image_env {
            p = p
                .replace(&format!("${{{name}}}"), value)
                .replace(&format!("${name}"), value);
        }
        return p;
    }
    match p.strip_prefix("$(gem env gemdir)") {
        Some(rest) if stack == Stack::Ruby => format!("{}{rest}", stacks().ruby.gem_home),
        _ => p.to_string(),
    }
}

/// Whether what an `rm` before the build removes stays in the builder alone (see
/// stacks.toml's `builder_removes`): build-only places, and for Node and Ruby the app
/// folder, which the runtime takes from the builder as the rm left it. A path the shell
/// expands, or relative after a `cd`, is not known: not.
fn builder_removal(
    doc: &Document,
    stack: Stack,
    inst: &Instruction,
    e: &crate::effects::Effect,
    last_build: usize,
) -> Sure<bool> {
    let data = stacks();
    let moved = moved_before(doc, inst, e);
    let wd = workdir_at(doc, inst.index)?;
    let app = workdir_at(doc, last_build)?;
    let under = under_dir;
    let gem_home = &data.ruby.gem_home;
    // A build-only place that a COPY before this RUN fills is not build-only for Python,
    // whose runtime replays that COPY (`COPY pip.conf /tmp/` then `rm -rf /tmp/*`).
    let copied: Vec<String> = if stack == Stack::Python {
        doc.instructions[..inst.index]
            .iter()
            .filter(|i| matches!(i.kind, Kind::Copy | Kind::Add))
            .filter_map(|i| {
                let dest = i.paths.last()?;
                let wd = workdir_at(doc, i.index).ok().flatten();
                Some(resolve(wd.as_deref(), dest.value.trim_matches('"')))
            })
            .collect()
    } else {
        Vec::new()
    };
    let copied_into = |d: &str| copied.iter().any(|c| under(c, d));
    let home_set = sets_before(doc, inst.index, "HOME");
    Ok(!e.removes.is_empty()
        && e.removes.iter().all(|p| {
            let p = expand_known(stack, home_set, p);
            if p.contains(['$', '`', '~']) || !p.starts_with('/') && moved {
                return false;
            }
            let abs = resolve(wd.as_deref(), &p);
            data.replay
                .builder_removes
                .iter()
                .any(|d| under(&abs, d) && !copied_into(d))
                || matches!(stack, Stack::Node | Stack::Ruby | Stack::Php)
                    && app.as_deref().is_some_and(|a| under(&abs, a))
                || stack == Stack::Ruby && under(&abs, gem_home)
        }))
}

/// Whether a `cd` (or `pushd`) ran before step `e` in its RUN, which leaves the folder
/// of a relative path unknown.
pub(super) fn moved_before(doc: &Document, inst: &Instruction, e: &crate::effects::Effect) -> bool {
    doc.effects(inst.index)
        .unwrap_or_default()
        .iter()
        .take(e.command)
        .any(|f| f.chdir)
}

/// Whether path `p` is folder `dir` or under it.
pub(super) fn under_dir(p: &str, dir: &str) -> bool {
    p == dir || p.starts_with(&format!("{dir}/"))
}

/// The packages an apt or dpkg step removes (`apt-get purge x`, `remove`, `dpkg -r`),
/// read after the options that take a value, and whether apt also removes what was
/// installed automatically and is no longer needed (`autoremove`, `--auto-remove`).
fn package_removal(inv: &Invocation<'_>) -> Option<(Vec<String>, bool)> {
    if inv.program == "dpkg" {
        let removes = inv
            .args
            .iter()
            .any(|a| matches!(a.value.as_str(), "-r" | "-P" | "--remove" | "--purge"));
        let pkgs = inv
            .positionals(&[])
            .iter()
            .map(|w| w.value.clone())
            .collect();
        return removes.then_some((pkgs, false));
    }
    let pos = crate::transform::apt::apt_words(inv)?;
    let (sub, pkgs) = pos.split_first()?;
    let auto = inv.has_flag(&["--auto-remove", "--autoremove"]);
    match sub.value.as_str() {
        "remove" | "purge" => Some((pkgs.iter().map(|w| w.value.clone()).collect(), auto)),
        "autoremove" | "autopurge" => Some((Vec::new(), true)),
        _ => None,
    }
}

/// Whether command `k` of `body` runs whenever the RUN succeeds: not in a conditional,
/// loop, function or subshell, no `||` at the top, no `exit` before it, its statement a
/// plain `&&` list (no `||`, group or compound command in it: `a && { b || c; }`), and
/// that statement the last, or `set -e` in force before it (`a; b` succeeds when `a`
/// fails).
pub(super) fn always_runs(
    body: &crate::syntax::shell::ShellBody,
    effects: &[crate::effects::Effect],
    k: usize,
) -> bool {
    let Some(c) = body.commands.get(k) else {
        return false;
    };
    let last = body.statements.len().saturating_sub(1);
    let plain = body.statements.get(c.top).is_some_and(|st| {
        let text = body
            .mask
            .get(st.range.start - body.base..st.range.end - body.base)
            .unwrap_or("||");
        !text.contains("||")
            && !text.contains(['{', '(', '`'])
            && !text.split_whitespace().any(|w| {
                matches!(
                    w,
                    "if" | "then" | "else" | "elif" | "case" | "while" | "until" | "for" | "!"
                )
            })
    });
    let errexit = effects[..k.min(effects.len())]
        .iter()
        .rev()
        .find_map(|e| e.errexit)
        == Some(true);
    !c.nested
        && !c.isolated
        && !body.top_level_or
        && plain
        && !body.commands[..k]
            .iter()
            .any(|o| matches!(o.program(), "exit" | "return"))
        && (c.top == last || errexit)
}

/// A path with its `.` and `..` segments resolved as BuildKit cleans a destination
/// (`/app/../shared/` is `/shared`): Docker's `filepath.Clean`, made absolute.
pub(super) fn clean_path(p: &str) -> String {
    format!("/{}", crate::context::pattern::clean(p))
}

/// Whether every build step is a Node global install (no project is built): an
/// image of tools, not of an app.
fn globals_only(doc: &Document, builds: &[Build]) -> bool {
    builds.iter().all(|b| {
        let inst = &doc.instructions[b.inst];
        shell_run(doc, inst).is_some_and(|body| {
            body.commands.iter().all(|c| {
                let inv = Invocation::of(c);
                !is_build(Stack::Node, &inv) || matches!(node_global(&inv, inst), Ok(Some(_)))
            })
        })
    })
}

/// What an apt step after the build is to the runtime stage.
enum AptAfter {
    /// Not an apt step the runtime image runs the same.
    No,
    /// It runs the same there: replayed, where apt's sources are the base image's.
    Replay,
    /// An install without package lists: the slim images ship none.
    NoLists,
}

/// An apt step after the build, which the runtime stage runs again: the runtime images
/// of the stacks listed in `[replay.packages]` are Debian slim images, which have apt.
/// `update` and the subcommands that need no lists run the same; `install` does once an
/// `update` ran after the build (the full image may hold lists an earlier step left).
fn after_build_apt(
    stack: Stack,
    c: &crate::syntax::shell::Command,
    e: &crate::effects::Effect,
    lists_fresh: &mut bool,
) -> AptAfter {
    let data = stacks();
    if !data.replay.packages.stacks.iter().any(|s| s == stack.key()) || !e.known {
        return AptAfter::No;
    }
    let apt = crate::transform::apt::apt_data();
    let inv = Invocation::of(c);
    let Some(sub) =
        crate::transform::apt::apt_words(&inv).and_then(|w| w.first().map(|w| w.value.clone()))
    else {
        return AptAfter::No;
    };
    if sub == "update" {
        *lists_fresh = true;
        return AptAfter::Replay;
    }
    if apt.no_lists_needed.contains(&sub) {
        return AptAfter::Replay;
    }
    if sub != "install" {
        return AptAfter::No;
    }
    if *lists_fresh {
        AptAfter::Replay
    } else {
        AptAfter::NoLists
    }
}

/// The line of the first instruction up to the build that may change where apt
/// installs from (its sources, keys, architectures, configuration): then an install
/// after the build would get other packages in the runtime, where that step did not
/// run. That is a write or removal under `[replay.packages] config` (a relative path
/// resolved from the WORKDIR, not known after a `cd`), a package-manager step other than
/// apt's front ends, an exec-form RUN, or a COPY or ADD to there, or to a folder above
/// it of something that may be a folder or an archive ADD unpacks (it may hold it).
fn apt_sources_changed(
    doc: &Document,
    ctx: &Context,
    stack: Stack,
    last_build: usize,
) -> Sure<Option<usize>> {
    let data = stacks();
    let config = data.replay.packages.config.as_str();
    let apt = crate::transform::apt::apt_data();
    let under = |p: &str| p == config || p.starts_with(&format!("{config}/"));
    let home_set = sets_before(doc, last_build, "HOME");
    for inst in &doc.instructions[..=last_build] {
        let wd = workdir_at(doc, inst.index)?;
        let changes = match inst.kind {
            Kind::Run => match doc.effects(inst.index) {
                Some(effects) => {
                    effects.iter().any(|e| {
                        let touches = e.writes.iter().chain(&e.removes).any(|p| {
                            let p = &expand_known(stack, home_set, p);
                            if p.contains(['$', '`']) || p.starts_with('~') {
                                // Expanded by the shell: its place is not known.
                                true
                            } else if p.starts_with('/') {
                                under(p)
                            } else {
                                // Where its RUN's literal `cd`s led (`cd pqver && gem
                                // build`), or anywhere after any other.
                                match cwd_at(doc, inst, e, wd.clone()) {
                                    Some(cwd) => under(&resolve(cwd.as_deref(), p)),
                                    None => true,
                                }
                            }
                        });
                        touches
                            || (matches!(e.manager.as_deref(), Some("apt" | "dpkg"))
                                && !apt.programs.contains(&e.program))
                    })
                }
                None => true,
            },
            Kind::Copy | Kind::Add => inst.paths.split_last().is_some_and(|(d, sources)| {
                let dest = resolve(wd.as_deref(), d.value.trim_matches('"'));
                let dest = dest.trim_end_matches('/');
                dest.contains('$')
                    || under(dest)
                    || config.starts_with(&format!("{dest}/"))
                        && (inst.flags.iter().any(|f| f.name == "unpack")
                            || sources.iter().any(|s| {
                                may_hold_folders(
                                    ctx,
                                    s.value.trim_matches('"'),
                                    inst.kind == Kind::Add,
                                )
                            }))
            }),
            _ => false,
        };
        if changes {
            return Ok(Some(inst.line));
        }
    }
    Ok(None)
}

/// Whether a COPY or ADD source may put folders where it lands: a folder (`.`, a name
/// ending in `/`, a pattern or variable, a folder of the build context, or, the context
/// not holding it, a name without an extension), or an archive ADD unpacks.
pub(super) fn may_hold_folders(ctx: &Context, src: &str, add: bool) -> bool {
    if src.contains("://") {
        // ADD of a URL downloads one file (unpacked only when asked, see the caller).
        return false;
    }
    let name = src.rsplit('/').find(|p| !p.is_empty()).unwrap_or("");
    if src == "." || src.ends_with('/') || src.contains(['*', '?', '[', '$']) || name == ".." {
        return true;
    }
    if add && crate::transform::common::add_may_unpack(name) {
        return true;
    }
    if let Some(dir) = ctx.build_context.as_deref()
        && let path = dir.join(src.trim_start_matches('/'))
        && let Ok(meta) = std::fs::metadata(&path)
    {
        return meta.is_dir() || add && crate::transform::common::add_unpacks(&path, src);
    }
    !name.trim_start_matches('.').contains('.')
}

/// The place in `replay` of the COPY whose file a Python RUN that also builds
/// removes, when those removals are all its runtime steps: `COPY requirements.txt
/// /code/requirements.txt` then `RUN pip install -r ... && rm /code/requirements.txt`.
/// The runtime leaves such a COPY out, which ends as the original does (the file
/// gone), when the COPY brings one file (not a folder or archive) of the context to a
/// path known in full, into the app's own WORKDIR or /tmp (`empty_dirs`), nothing
/// before it may have put that file there, the RUN comes right after it (no
/// instruction between could read or replace the file), and its `rm` names exactly
/// that file and always runs. None when the RUN is not such a case; advice naming why
/// when it is one that cannot apply.
fn removed_copies(
    doc: &Document,
    ctx: &Context,
    inst: &Instruction,
    steps: &[(&str, &crate::effects::Effect)],
    copy_replays: &[(usize, usize)],
) -> Sure<Option<usize>> {
    let effects = doc.effects(inst.index).unwrap_or_default();
    let wd = workdir_at(doc, inst.index)?;
    // The COPY right before this RUN (instructions that set nothing on disk between).
    let Some(copy) = doc.instructions[..inst.index]
        .iter()
        .rev()
        .find(|i| !matches!(i.kind, Kind::Env | Kind::Arg | Kind::Label | Kind::Expose))
        .filter(|i| matches!(i.kind, Kind::Copy | Kind::Add) && i.flags.is_empty())
    else {
        return Ok(None);
    };
    let Some(&(_, at)) = copy_replays.iter().find(|(i, _)| *i == copy.index) else {
        return Ok(None);
    };
    let [src, dest] = copy.paths.as_slice() else {
        return Ok(None);
    };
    let (src, dest) = (src.value.trim_matches('"'), dest.value.trim_matches('"'));
    let add = copy.kind == Kind::Add;
    if src.contains("://") || may_hold_folders(ctx, src, add) || dest.contains(['$', '*', '?', '['])
    {
        return Ok(None);
    }
    // `..` or `.` inside the destination (`COPY req.txt ../`): not resolved here.
    if dest
        .split('/')
        .enumerate()
        .any(|(i, p)| p == ".." || p == "." && i > 0)
    {
        return Ok(None);
    }
    let copy_wd = workdir_at(doc, copy.index)?;
    let here = copy_wd.as_deref().unwrap_or("");
    let name = src.rsplit('/').next().unwrap_or(src);
    let file = if dest.ends_with('/') || dest == "." {
        let d = resolve(copy_wd.as_deref(), dest);
        format!("{}/{name}", d.trim_end_matches('/').trim_end_matches("/."))
    } else if dest.rsplit('/').next() == Some(name) {
        // Named as the source: a file of that name, unless a folder of that name is
        // there (the WORKDIR or one above it), refused below.
        resolve(copy_wd.as_deref(), dest)
    } else {
        return Ok(None);
    };
    let file = file.replace("//", "/");
    // The RUN's other steps only remove that file: else not this case.
    for (program, e) in steps {
        let moved = effects.iter().take(e.command).any(|f| f.chdir);
        let all_this = *program == "rm"
            && e.writes.is_empty()
            && !e.removes.is_empty()
            && e.removes.iter().all(|r| {
                !r.contains(['$', '`', '~', '*', '?', '['])
                    && (r.starts_with('/') || !moved)
                    && resolve(wd.as_deref(), r).trim_end_matches('/') == file
            });
        if !all_this {
            return Ok(None);
        }
    }
    // From here the case is recognised: what keeps it from applying is said.
    let copy_line = copy.line;
    let parent = file.rsplit_once('/').map_or("", |(d, _)| d);
    let data = &stacks().replay;
    // The file must be one the image did not have before the COPY, in a folder that was
    // there: without the COPY and the rm, the runtime must look the same. So the
    // folder is one every image has empty (/tmp), or the WORKDIR when that is a folder
    // of the app's own (not one the base image fills, such as /etc or /usr/local,
    // where the COPY may have replaced the image's file).
    let under = |d: &str, top: &str| d == top || d.starts_with(&format!("{top}/"));
    let own_workdir = here == parent
        && !data.image_dirs.iter().any(|d| d == here)
        && !data.image_owned.iter().any(|d| under(here, d));
    let is_folder = under(here, &file);
    if !(own_workdir || data.empty_dirs.iter().any(|d| d == parent)) || is_folder {
        return unsure(format!(
            "line {copy_line} copies `{file}` outside the app's own WORKDIR and /tmp, and line {} removes it: leaving that COPY out may lose the folder it made or the image's own file there",
            inst.line
        ));
    }
    let earlier_put = |line: usize| {
        unsure(format!(
            "line {line} may already have put `{file}` where line {copy_line} copies it, and line {} removes it; the runtime would keep that one",
            inst.line
        ))
    };
    // Nothing before the COPY may have put that file there (`COPY . .` brings the
    // context's requirements.txt too): the runtime would keep that copy.
    for earlier in &doc.instructions[..copy.index] {
        match earlier.kind {
            Kind::Copy | Kind::Add => {
                let wd = workdir_at(doc, earlier.index)?;
                let Some(d) = earlier.paths.last() else {
                    continue;
                };
                let dest = d.value.trim_matches('"');
                let d = resolve(wd.as_deref(), dest);
                let d = d.trim_end_matches('/').trim_end_matches("/.");
                let srcs = &earlier.paths[..earlier.paths.len() - 1];
                // Files of other names (`COPY setup.cfg /app/`) do not bring it.
                let other_files = earlier.flags.is_empty()
                    && srcs.iter().all(|s| {
                        let s = s.value.trim_matches('"');
                        let n = s.rsplit('/').next().unwrap_or(s);
                        !s.contains("://")
                            && !may_hold_folders(ctx, s, earlier.kind == Kind::Add)
                            && !n.contains(['$', '*', '?', '['])
                            // Whether the destination names a folder (`.`, an
                            // existing one) or the file, neither may be the file.
                            && format!("{d}/{n}") != file
                            && d != file
                    });
                if other_files {
                    continue;
                }
                if d.contains(['$', '*', '?', '['])
                    || d.is_empty()
                    || under(&file, d)
                    || d.split('/').any(|p| p == "..")
                {
                    return earlier_put(earlier.line);
                }
            }
            Kind::Run => {
                let wd = workdir_at(doc, earlier.index)?;
                let effects = doc.effects(earlier.index);
                let Some(effects) = effects else {
                    return earlier_put(earlier.line);
                };
                // A step whose writes are not known in full (a script, `python -c`,
                // an unknown program) may have written it.
                if effects.iter().any(|e| {
                    !e.known
                        || e.runs_script
                        || e.runs_commands
                        || e.writes.iter().any(|w| {
                            // `cp -r /src/. .` writes `/app/.`: the folder itself.
                            let w = resolve(wd.as_deref(), w);
                            let parts: Vec<&str> = w
                                .split('/')
                                .filter(|p| !p.is_empty() && *p != ".")
                                .collect();
                            w.contains(['$', '*', '?', '[', '`'])
                                || parts.contains(&"..")
                                || under(&file, &format!("/{}", parts.join("/")))
                        })
                }) {
                    return earlier_put(earlier.line);
                }
            }
            _ => {}
        }
    }
    // Every rm runs whenever the RUN succeeds: not inside a conditional, a loop or a
    // subshell, no `||` anywhere at the top, and in the last top-level statement (after
    // `a && rm f; b`, a failing `a` skips the rm and the RUN still succeeds).
    let Some(body) = shell_run(doc, inst) else {
        return Ok(None);
    };
    let last = body.statements.len().saturating_sub(1);
    if body.top_level_or
        || body
            .commands
            .iter()
            .any(|c| c.program() == "rm" && (c.nested || c.isolated || c.top != last))
    {
        return unsure(format!(
            "the `rm` of `{file}` at line {} may not run (in a condition, a loop or a subshell, after `||` or before a later statement): leaving out the COPY at line {copy_line} would lose the file when it does not",
            inst.line
        ));
    }
    Ok(Some(at))
}

/// The paths the runtime steps of a RUN that also builds wrote, to copy from the
/// builder: its state there is the original image's. Advice unless every step is one
/// whose writes the facts name in full (`copy_writes`), each path is absolute and
/// literal, and nothing else before the build names it (a later change to it would be
/// applied twice).
fn mixed_writes(
    doc: &Document,
    inst: &Instruction,
    steps: &[(&str, &crate::effects::Effect)],
    last_build: usize,
    builds: bool,
) -> Sure<Vec<String>> {
    let data = stacks();
    let mixed = |p: &str| {
        if builds {
            unsure(format!(
                "the RUN at line {} mixes build steps with `{p}`, which the runtime needs too; split it into two RUNs",
                inst.line
            ))
        } else {
            unsure(format!(
                "line {} runs `{p}` before the build; the runtime may need what it makes",
                inst.line
            ))
        }
    };
    let mut paths: Vec<String> = Vec::new();
    // The last step of the RUN that writes each path.
    let mut last_write: Vec<usize> = Vec::new();
    let body = shell_run(doc, inst);
    let effects = doc.effects(inst.index).unwrap_or_default();
    for (program, e) in steps {
        if !data.replay.copy_writes.iter().any(|c| c == program) || !e.removes.is_empty() {
            return mixed(program);
        }
        // The runtime's COPY of what it wrote fails where the builder has no such
        // file: it must run whenever the RUN succeeds (not under `if` or after `&&`).
        if !e.writes.is_empty() && !body.is_some_and(|b| always_runs(b, effects, e.command)) {
            return unsure(format!(
                "line {} writes `{}` only in some runs of its RUN (in a condition, a loop, or after `&&` or `||`), and the runtime's copy of it would fail when it did not",
                inst.line, e.writes[0]
            ));
        }
        // Into a folder (`cp a b /etc/`, `cp -t /etc a`, `install -D f /usr/local/`):
        // the runtime would take the builder's whole folder, with files of packages it
        // leaves out.
        let sources = e.reads.len() + e.removes.len();
        // A copy whose target is not named after its source may be a folder
        // (`cp entrypoint.sh /usr/local/bin`): only `cp f /dir/f` is certain.
        let writes: Vec<&String> = e
            .writes
            .iter()
            .filter(|w| !w.starts_with("/dev/"))
            .collect();
        let name = |p: &str| {
            p.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string()
        };
        let renamed = |w: &str| e.reads.iter().chain(&e.removes).any(|r| name(r) != name(w));
        let into_folder = |w: &str| {
            let w = w.trim_end_matches('/');
            w.is_empty()
                || data
                    .replay
                    .image_dirs
                    .iter()
                    .chain(&data.replay.image_owned)
                    .any(|d| d.as_str() == w || d.starts_with(&format!("{w}/")))
        };
        if let Some(w) = writes.iter().find(|w| {
            w.ends_with('/')
                || into_folder(w)
                || matches!(*program, "cp" | "install")
                    && (sources > 1 || writes.len() > 1 || renamed(w))
        }) {
            return unsure(format!(
                "line {} writes `{w}`, which may be a folder (a copy not named after its source, or one of the image's own folders) that the runtime would take whole from the builder",
                inst.line
            ));
        }
        for w in writes {
            let literal = w.starts_with('/')
                && w.len() > 1
                && !w.contains(['$', '*', '?', '[', '{', '~', '`'])
                && !w.split('/').any(|part| part == "..");
            if !literal && e.downloads && w.ends_with('*') {
                return unsure(format!(
                    "line {} saves a download under a name its URL or the server gives (`{}`), which dockerlean cannot know; name the file (`curl -o FILE`, `wget -O FILE`)",
                    inst.line, e.program
                ));
            }
            if !literal {
                return unsure(format!(
                    "line {} writes `{w}` before the build, a path not known in full, which the runtime may need",
                    inst.line
                ));
            }
            let path = w.trim_end_matches('/').to_string();
            match paths.iter().position(|p| *p == path) {
                Some(at) => last_write[at] = last_write[at].max(e.command),
                None => {
                    paths.push(path);
                    last_write.push(e.command);
                }
            }
        }
    }
    // The RUN's later steps, or a later RUN before the build, may remove what a step
    // wrote (`mkdir -p /tmp/b && npm ci && rm -rf /tmp/b`, `RUN rm -rf /tmp/*`): the
    // builder, as the original image, then has no such file, and a copy of it would
    // fail. A literal removal of it (or of a folder above it) that always runs leaves
    // it out of the copies; any other removal that may reach it leaves the split as
    // advice.
    let copying: Vec<usize> = steps.iter().map(|(_, e)| e.command).collect();
    let mut gone: Vec<String> = Vec::new();
    for other in &doc.instructions[inst.index..=last_build] {
        if other.kind != Kind::Run {
            continue;
        }
        let same = other.index == inst.index;
        let Some(run) = shell_run(doc, other) else {
            continue;
        };
        let wd = workdir_at(doc, other.index)?;
        let run_effects = doc.effects(other.index).unwrap_or_default();
        for f in run_effects
            .iter()
            .filter(|f| !same || !copying.contains(&f.command))
        {
            let moved = moved_before(doc, other, f);
            for r in &f.removes {
                let known = !r.contains(NOT_LITERAL) && (r.starts_with('/') || !moved);
                // What it may reach: the path, or, for one not known in full, all
                // under the literal folder it starts in (all of it when relative).
                let reach = if known {
                    clean_path(&resolve(wd.as_deref(), r))
                } else if r.starts_with('/') {
                    let literal = &r[..r.find(NOT_LITERAL).unwrap_or(r.len())];
                    literal[..literal.rfind('/').unwrap_or(0)].to_string()
                } else {
                    String::new()
                };
                for (p, written) in paths.iter().zip(&last_write) {
                    // A removal before the step that writes it last takes nothing away.
                    if same && f.command < *written
                        || !(reach.is_empty() || reach == "/" || under_dir(p, &reach))
                    {
                        continue;
                    }
                    if known && always_runs(run, run_effects, f.command) {
                        gone.push(p.clone());
                        continue;
                    }
                    return unsure(format!(
                        "line {} may remove `{p}`, which line {} writes, so the runtime's copy of it from the builder could fail",
                        other.line, inst.line
                    ));
                }
            }
        }
    }
    paths.retain(|p| !gone.contains(p));
    for other in &doc.instructions[..=last_build] {
        if other.index == inst.index {
            continue;
        }
        let text = &doc.text()[other.range.clone()];
        if let Some(p) = paths.iter().find(|p| text.contains(p.as_str())) {
            return unsure(if builds {
                format!(
                    "the RUN at line {} mixes build steps with writing `{p}`, which line {} uses too; split it into two RUNs",
                    inst.line, other.line
                )
            } else {
                format!(
                    "line {} changes `{p}`, which line {} uses too before the build, so the runtime cannot take it from the builder",
                    inst.line, other.line
                )
            });
        }
    }
    Ok(paths)
}

/// The edits of a plan: the builder's name, the pip user base, and the runtime
/// stage right after the last build step.
pub(super) fn edits(doc: &Document, p: &Plan, last_build: usize) -> Option<Vec<Edit>> {
    let nl = doc.newline();
    let mut edits = Vec::new();
    if let Some(at) = p.alias_at {
        edits.push(Edit::insert(at, format!(" AS {}", p.builder)));
    }
    if let Some((inst, text)) = &p.builder_prefix {
        edits.push(Edit::insert(
            doc.instructions[*inst].range.end,
            text.clone(),
        ));
    }
    let last = &doc.instructions[last_build];
    let linked = &stacks().linked;
    let indent = doc.continuation_indent();
    // One RUN of the `[linked]` lines, joined with line continuations.
    let run = |lines: &[String], paths: &str| {
        let joined = lines.join(&format!(" \\{nl}{indent}"));
        format!(
            "{}{nl}",
            joined
                .replace("{paths}", paths)
                .replace("{file}", &linked.file)
        )
    };
    let mut stage = String::new();
    if !doc.text()[last.range.clone()].ends_with('\n') {
        stage.push_str(nl);
    }
    if !p.builder_dirs.is_empty() {
        let dirs: Vec<String> = p.builder_dirs.iter().map(|d| shell_quote(d)).collect();
        stage.push_str(&format!("RUN mkdir -p {}{nl}", dirs.join(" ")));
    }
    if !p.linked.is_empty() {
        // The builder's last step: the packages of the libraries the output links.
        let paths: Vec<String> = p.linked.iter().map(|l| shell_quote(l)).collect();
        stage.push_str(&run(&linked.list, &paths.join(" ")));
    }
    stage.push_str(nl);
    stage.push_str(&format!(
        "FROM {}{}{nl}",
        p.platform.as_deref().unwrap_or(""),
        p.runtime_image
    ));
    for c in &p.config {
        stage.push_str(c);
        stage.push_str(nl);
    }
    let install = |stage: &mut String, at: usize| {
        for (_, group) in p.packages.iter().filter(|(i, _)| *i == at) {
            let recommends = if p.recommends_at.contains(&at) {
                ""
            } else {
                "--no-install-recommends "
            };
            stage.push_str(&format!(
                "RUN apt-get update && \\{nl}{indent}apt-get install -y {recommends}{} && \\{nl}{indent}rm -rf /var/lib/apt/lists/*{nl}",
                group.join(" ")
            ));
        }
    };
    for (i, r) in p.replay.iter().enumerate() {
        install(&mut stage, i);
        if r.is_empty() {
            // A COPY left out (`removed_copies`).
            continue;
        }
        stage.push_str(&r.replace("BUILDER", &p.builder));
        stage.push_str(nl);
    }
    install(&mut stage, p.replay.len());
    if !p.linked.is_empty() {
        stage.push_str(&format!(
            "COPY --from={} {} {}{nl}",
            p.builder, linked.file, linked.file
        ));
        stage.push_str(&run(&linked.install, ""));
    }
    if !p.clear.is_empty() {
        // What the builder removed there is gone from its copy; a COPY only adds.
        stage.push_str(&format!("RUN rm -rf {}{nl}", p.clear.join(" ")));
    }
    for a in p.also.iter().chain([&p.artifact]) {
        stage.push_str(&format!(
            "COPY --from={} {} {}{nl}",
            p.builder, a.from, a.to
        ));
    }
    edits.push(Edit::insert(last.range.end, stage));
    Some(edits)
}

/// A step named by its program and first word (`pip uninstall`), for messages.
fn step_name(inv: &Invocation<'_>) -> String {
    match inv.positionals(&program_with_value(&inv.program)).first() {
        Some(w) => format!("{} {}", inv.program, w.value),
        None => inv.program.clone(),
    }
}
