//! The two shell steps split-stages writes for the libraries a build linked
//! (`[linked]` in transforms/split-stages/stacks.toml), run in real `dash` and `bash` on
//! this machine: the builder's step must name the Debian packages owning the libraries a
//! shipped executable loads, and the runtime's step must hand apt only those that are
//! not installed, then remove its list.
//!
//! They need Debian's tools (dpkg, ldd): on a machine without dpkg the test says so and
//! checks nothing else.

use std::path::Path;
use std::process::Command;

fn linked() -> toml::Table {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms/split-stages/stacks.toml"),
    )
    .expect("stacks.toml");
    let data: toml::Table = toml::from_str(&text).expect("stacks.toml parses");
    data["linked"].as_table().expect("[linked]").clone()
}

/// The RUN's shell text, as split-stages writes it (lines joined with continuations).
fn body(lines: &toml::Value, paths: &str, file: &str) -> String {
    let lines: Vec<&str> = lines
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l.as_str().expect("a line"))
        .collect();
    lines
        .join(" \\\n    ")
        .replace("{paths}", paths)
        .replace("{file}", file)
        .strip_prefix("RUN ")
        .expect("a RUN")
        .to_string()
}

/// The shells a RUN may run in: sh (dash on Debian), bash, and bash as a `SHELL
/// ["/bin/bash", "-o", "pipefail", "-c"]` instruction runs it.
const SHELLS: [&[&str]; 3] = [&["dash"], &["bash"], &["bash", "-o", "pipefail"]];

fn run(shell: &[&str], script: &str, path: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(shell[0]);
    cmd.args(&shell[1..]).args(["-c", script]);
    if let Some(p) = path {
        cmd.env("PATH", p);
    }
    cmd.output().unwrap()
}

fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn builder_lists_the_packages_of_linked_libraries() {
    if !has("dpkg-query") || !has("ldd") {
        eprintln!("skipped: this machine has no dpkg or ldd (the steps run on Debian images)");
        return;
    }
    let data = linked();
    // Also under a SHELL with pipefail, where a step that fails for a script (ldd) or
    // an unowned library (dpkg -S) would fail the RUN.
    for shell in SHELLS {
        let dir = tempfile::tempdir().unwrap();
        let shipped = dir.path().join("app");
        std::fs::create_dir(&shipped).unwrap();
        // This test's own executable links the C library: the step must find libc6.
        std::fs::copy(std::env::current_exe().unwrap(), shipped.join("server")).unwrap();
        // A text file is not asked about; an executable script makes ldd fail.
        std::fs::write(shipped.join("notes.txt"), "hello").unwrap();
        let script_file = shipped.join("run.sh");
        std::fs::write(&script_file, "#!/bin/sh\necho hi\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script_file, std::fs::Permissions::from_mode(0o755)).unwrap();
        let list = dir.path().join("packages");
        let script = body(
            &data["list"],
            &shipped.to_string_lossy(),
            &list.to_string_lossy(),
        );
        let out = run(shell, &script, None);
        assert!(out.status.success(), "{shell:?}: {out:?}");
        let packages = std::fs::read_to_string(&list).unwrap();
        let packages: Vec<&str> = packages.lines().collect();
        assert!(
            packages.contains(&"libc6"),
            "{shell:?}: libc6 not listed: {packages:?}"
        );
        // Package names alone: no architecture, path or dpkg message.
        assert!(
            packages
                .iter()
                .all(|p| !p.is_empty() && !p.contains([':', '/', ' ', ','])),
            "{shell:?}: {packages:?}"
        );
        let mut sorted = packages.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, packages, "{shell:?}: sorted and unique");
    }
}

#[test]
fn runtime_installs_only_the_missing_packages() {
    if !has("dpkg-query") {
        eprintln!("skipped: this machine has no dpkg (the steps run on Debian images)");
        return;
    }
    let data = linked();
    for shell in SHELLS {
        for (listed, missing) in [
            // Installed on every Debian system (Priority: required): nothing to do.
            (vec!["libc6", "dpkg"], None),
            // One that no system has: apt is asked for it alone.
            (
                vec!["libc6", "dockerlean-no-such-package"],
                Some("dockerlean-no-such-package"),
            ),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let list = dir.path().join("packages");
            std::fs::write(&list, listed.join("\n") + "\n").unwrap();
            // apt-get and rm are stand-ins that log their arguments: the test must not
            // touch this machine's packages or its apt lists.
            let bin = dir.path().join("bin");
            std::fs::create_dir(&bin).unwrap();
            let log = dir.path().join("log");
            for tool in ["apt-get", "rm"] {
                let stub = bin.join(tool);
                std::fs::write(
                    &stub,
                    format!("#!/bin/sh\necho \"{tool} $*\" >> '{}'\n", log.display()),
                )
                .unwrap();
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
            let script = body(&data["install"], "", &list.to_string_lossy());
            let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
            let out = run(shell, &script, Some(&path));
            assert!(out.status.success(), "{shell:?}: {out:?}");
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            let calls: Vec<&str> = log.lines().collect();
            let removes_list = format!("rm {}", list.display());
            match missing {
                None => assert_eq!(calls, [removes_list.as_str()], "{shell:?}"),
                Some(p) => {
                    assert_eq!(calls.len(), 4, "{shell:?}: {calls:?}");
                    assert_eq!(calls[0], "apt-get update", "{shell:?}");
                    assert_eq!(
                        calls[1],
                        format!("apt-get install -y --no-install-recommends {p}"),
                        "{shell:?}"
                    );
                    // The shell expands the lists' glob before the stand-in sees it.
                    assert!(
                        calls[2].starts_with("rm -rf /var/lib/apt/lists/"),
                        "{shell:?}: {calls:?}"
                    );
                    assert_eq!(calls[3], removes_list, "{shell:?}");
                }
            }
        }
    }
}
