//! `dockerlean compare` without a real engine: detection and its errors with none on
//! PATH, and the whole flow against a recording stand-in (`tests/compare/fake-engine`).
//! The real builds are in the e2e lane (tests/e2e/run.sh), which runs compare with buildah.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPLIT_RUNS: &str = "FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl\n";

struct Setup {
    _dir: tempfile::TempDir,
    project: PathBuf,
    bin: PathBuf,
    log: PathBuf,
}

/// A project with `dockerfile`, a PATH holding only the given engine names (all the
/// fake engine), and the fake engine's log directory.
fn setup(dockerfile: &str, engines: &[&str]) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("app");
    let bin = dir.path().join("bin");
    let log = dir.path().join("log");
    for d in [&project, &bin, &log] {
        std::fs::create_dir(d).unwrap();
    }
    std::fs::write(project.join("Dockerfile"), dockerfile).unwrap();
    let fake = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compare/fake-engine");
    for e in engines {
        std::os::unix::fs::symlink(&fake, bin.join(e)).unwrap();
    }
    // The fake engine is a shell script: it needs sh and coreutils, which are not engines.
    for tool in [
        "sh", "cat", "cp", "dirname", "touch", "grep", "mkdir", "tar",
    ] {
        let found = ["/usr/bin", "/bin"]
            .iter()
            .map(|d| Path::new(d).join(tool))
            .find(|p| p.exists())
            .unwrap();
        std::os::unix::fs::symlink(found, bin.join(tool)).unwrap();
    }
    Setup {
        _dir: dir,
        project,
        bin,
        log,
    }
}

fn compare(s: &Setup, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dockerlean"));
    c.arg("compare")
        .args(args)
        .current_dir(&s.project)
        .env("PATH", &s.bin)
        .env("FAKE_LOG", &s.log)
        .env_remove("DOCKER_HOST");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn calls(s: &Setup) -> Vec<String> {
    std::fs::read_to_string(s.log.join("calls"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn no_engine_names_what_to_install() {
    let s = setup(SPLIT_RUNS, &[]);
    let o = compare(&s, &[], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    for name in ["docker", "podman", "buildah"] {
        assert!(err.contains(&format!("`{name}` is not on PATH")), "{err}");
    }
    assert!(err.contains("apt-get install buildah"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn an_engine_that_does_not_answer_is_skipped_or_reported() {
    // Detection takes the first usable engine in the order docker, podman, buildah.
    let s = setup(SPLIT_RUNS, &["docker", "buildah"]);
    let o = compare(&s, &["--format", "json"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["engine"], "docker");

    // Asked for by name and broken: its own error, and no build is tried.
    let s = setup(SPLIT_RUNS, &["docker"]);
    let o = compare(&s, &["--engine", "docker"], &[("FAKE_BROKEN", "1")]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("`docker version` failed: engine is broken"),
        "{err}"
    );
    assert!(!calls(&s).iter().any(|c| c.starts_with("build")));

    // All broken: every reason is listed.
    let s = setup(SPLIT_RUNS, &["docker", "podman", "buildah"]);
    let o = compare(&s, &[], &[("FAKE_BROKEN", "1")]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o.stderr).matches("failed: engine is broken").count(),
        3
    );
}

#[test]
fn nothing_to_compare_needs_no_engine() {
    let s = setup("FROM debian:bookworm-slim\nCMD [\"true\"]\n", &[]);
    let o = compare(&s, &[], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("nothing to compare"));
}

#[test]
fn builds_both_measures_probes_and_removes_its_images() {
    let s = setup(SPLIT_RUNS, &["buildah"]);
    let o = compare(
        &s,
        &[
            "--engine",
            "buildah",
            "--probe",
            "curl --version",
            "--build-arg",
            "V=1",
            "--format",
            "json",
        ],
        &[("FAKE_SAME_PROBE", "1")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["before"]["size"], 1000);
    assert_eq!(v["after"]["size"], 600);
    assert_eq!(v["saving_bytes"], 400);
    assert_eq!(v["saving_percent"], 40.0);
    assert_eq!(v["probe_identical"], true);
    let layers = v["after"]["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 3);
    assert_eq!(layers[2]["instruction"], "RUN apt-get update");
    assert_eq!(layers[2]["size"], 50);

    // The original was built as it is, the rewrite is what `fix` prints.
    let before = std::fs::read_to_string(s.log.join("before.Dockerfile")).unwrap();
    assert_eq!(before, SPLIT_RUNS);
    let fixed = Command::new(env!("CARGO_BIN_EXE_dockerlean"))
        .args(["fix", "--stdout", "Dockerfile"])
        .current_dir(&s.project)
        .output()
        .unwrap();
    let after = std::fs::read_to_string(s.log.join("after.Dockerfile")).unwrap();
    assert_eq!(after.as_bytes(), fixed.stdout.as_slice());
    assert_ne!(after, before);

    let calls = calls(&s);
    let builds: Vec<&String> = calls.iter().filter(|c| c.starts_with("bud")).collect();
    assert_eq!(builds.len(), 2);
    for b in &builds {
        assert!(b.contains("--no-cache") && b.contains("--layers"), "{b}");
        assert!(b.contains("--build-arg V=1"), "{b}");
        assert!(
            b.ends_with(s.project.to_str().unwrap()) || b.ends_with(" ."),
            "{b}"
        );
    }
    // Both tags, then what the layered builds left dangling, are removed.
    let rmi: Vec<&String> = calls.iter().filter(|c| c.starts_with("rmi")).collect();
    assert!(
        rmi[0].contains("-before") && rmi[0].contains("-after"),
        "{rmi:?}"
    );
    assert!(
        rmi.iter().any(|c| c.contains("sha256:left-by-build")),
        "{rmi:?}"
    );
    // The probe ran in a container of each image, which was removed.
    assert_eq!(calls.iter().filter(|c| c.starts_with("run ")).count(), 2);
    // Every container made (for the probes, and to mount the images) is removed.
    assert_eq!(
        calls.iter().filter(|c| c.starts_with("rm ")).count(),
        calls.iter().filter(|c| c.starts_with("from ")).count()
    );
}

#[test]
fn differing_probes_and_failed_rewrites_exit_1() {
    let s = setup(SPLIT_RUNS, &["podman"]);
    let o = compare(&s, &["--probe", "cat /etc/issue"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("probe: OUTPUTS DIFFER"), "{out}");
    assert!(out.contains("saving: 400 bytes (40.0 %)"), "{out}");
    // docker/podman history is newest first; the report lists the oldest first.
    let base = out.find("ADD file:x").unwrap();
    let run = out.rfind("RUN apt-get update").unwrap();
    assert!(base < run, "{out}");

    let s = setup(SPLIT_RUNS, &["buildah"]);
    let o = compare(&s, &[], &[("FAKE_AFTER_FAILS", "1")]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(out.contains("after: BUILD FAILED"), "{out}");
    assert!(out.contains("| step 2 failed"), "{out}");
}

#[test]
fn a_changed_image_config_is_reported_and_exits_1() {
    for engine in ["buildah", "podman", "docker"] {
        let s = setup(SPLIT_RUNS, &[engine]);
        let same = compare(&s, &["--engine", engine], &[("FAKE_SAME_PROBE", "1")]);
        assert_eq!(
            same.status.code(),
            Some(0),
            "{engine}: {}",
            text(&same.stderr)
        );
        assert!(text(&same.stdout).contains("config: identical"), "{engine}");

        let o = compare(
            &s,
            &["--engine", engine, "--format", "json"],
            &[("FAKE_SAME_PROBE", "1"), ("FAKE_ENV_CHANGES", "1")],
        );
        assert_eq!(o.status.code(), Some(1), "{engine}: {}", text(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let fields: Vec<&str> = v["config_differences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["Env.PATH", "Env.VIRTUAL_ENV"], "{engine}");
        assert_eq!(v["config_differences"][1]["after"], "/opt/venv");
    }
}

#[test]
fn the_rewritten_ignore_file_reaches_the_after_build_only() {
    let s = setup(
        "FROM debian:bookworm-slim\nWORKDIR /app\nCOPY . .\nCMD [\"ls\"]\n",
        &["buildah", "docker"],
    );
    std::fs::create_dir(s.project.join(".git")).unwrap();
    std::fs::write(s.project.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(s.project.join("debug.log"), "noise\n").unwrap();
    let o = compare(&s, &["--engine", "buildah", "--unsafe"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(!s.log.join("before.ignore").exists());
    let ignore = std::fs::read_to_string(s.log.join("after.ignore")).unwrap();
    assert!(ignore.contains(".git"), "{ignore}");
    // Nothing was written into the project.
    assert!(!s.project.join(".dockerignore").exists());

    // Docker (BuildKit) finds it as `Dockerfile.dockerignore` next to the rewrite.
    let o = compare(&s, &["--engine", "docker", "--unsafe"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(s.log.join("after.buildkit-ignore").exists());
}

#[test]
fn an_interrupted_comparison_removes_its_images_and_stops() {
    let s = setup(SPLIT_RUNS, &["buildah"]);
    let o = compare(&s, &[], &[("FAKE_INTERRUPT", "1")]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("interrupted"),
        "{}",
        text(&o.stderr)
    );
    let calls = calls(&s);
    // One build, then no other, and the cleanup ran.
    assert_eq!(calls.iter().filter(|c| c.starts_with("bud")).count(), 1);
    assert!(
        calls
            .iter()
            .any(|c| c.starts_with("rmi") && c.contains("-before")),
        "{calls:?}"
    );
}

#[test]
fn a_rebuild_after_a_source_change_shows_which_steps_ran_again() {
    let s = setup(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
        &["buildah"],
    );
    std::fs::write(s.project.join("requirements.txt"), "flask\n").unwrap();
    std::fs::write(s.project.join("app.py"), "print(1)\n").unwrap();
    let o = compare(
        &s,
        &[
            "--engine",
            "buildah",
            "--rebuild",
            "app.py",
            "--format",
            "json",
        ],
        &[("FAKE_WATCH", "app.py")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rb = &v["rebuild"];
    assert_eq!(rb["file"], "app.py");
    let steps = |side: &str| -> Vec<String> {
        rb[side]["steps_run_again"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    // cache-order moved the install before the full copy: only the copy and what
    // follows it run again after the edit.
    let install = "RUN pip install -r requirements.txt".to_string();
    assert!(steps("before").contains(&install), "{:?}", steps("before"));
    assert_eq!(steps("after"), ["COPY . .", "CMD [\"python\", \"app.py\"]"]);
    assert!(rb["after"]["seconds"].as_f64().is_some());
    // The edit went to a copy of the context; the project is untouched.
    assert_eq!(
        std::fs::read_to_string(s.project.join("app.py")).unwrap(),
        "print(1)\n"
    );
    for side in ["before", "after"] {
        let seen = std::fs::read_to_string(s.log.join(format!("rebuild-{side}.watched"))).unwrap();
        assert_eq!(seen, "print(1)\n\n");
    }
    let calls = calls(&s);
    let builds: Vec<&String> = calls.iter().filter(|c| c.starts_with("bud")).collect();
    // The two measured builds without the cache, two that fill it, two rebuilds.
    assert_eq!(builds.len(), 6);
    assert_eq!(
        builds.iter().filter(|b| b.contains("--no-cache")).count(),
        2
    );
    let rmi: Vec<&String> = calls.iter().filter(|c| c.starts_with("rmi")).collect();
    assert!(
        rmi[0].contains("-rebuild-before") && rmi[0].contains("-rebuild-after"),
        "{rmi:?}"
    );
}

#[test]
fn a_rebuild_file_outside_the_context_is_refused_before_building() {
    let s = setup(SPLIT_RUNS, &["buildah"]);
    let o = compare(&s, &["--engine", "buildah", "--rebuild", "missing.py"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stdout));
    assert!(
        text(&o.stderr).contains("--rebuild missing.py"),
        "{}",
        text(&o.stderr)
    );
    assert!(!calls(&s).iter().any(|c| c.starts_with("bud")));
}

#[test]
fn against_compares_another_dockerfile_and_keep_leaves_the_images() {
    let s = setup(SPLIT_RUNS, &["buildah"]);
    let hand = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n";
    std::fs::write(s.project.join("hand.Dockerfile"), hand).unwrap();
    let o = compare(
        &s,
        &[
            "--engine",
            "buildah",
            "--against",
            "hand.Dockerfile",
            "--keep",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["against"], "hand.Dockerfile");
    // The after side is the given file, not dockerlean's rewrite.
    let after = std::fs::read_to_string(s.log.join("after.Dockerfile")).unwrap();
    assert_eq!(after, hand);
    let kept: Vec<&str> = v["kept_images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(kept.len(), 2);
    assert!(
        kept[0].ends_with("-before") && kept[1].ends_with("-after"),
        "{kept:?}"
    );
    // Nothing was removed.
    assert!(
        !calls(&s).iter().any(|c| c.starts_with("rmi")),
        "{:?}",
        calls(&s)
    );
}

#[test]
fn against_a_file_that_cannot_be_read_is_a_clear_error() {
    let s = setup(SPLIT_RUNS, &["buildah"]);
    let o = compare(
        &s,
        &["--engine", "buildah", "--against", "nope.Dockerfile"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("nope.Dockerfile: cannot read"),
        "{}",
        text(&o.stderr)
    );
    assert!(!calls(&s).iter().any(|c| c.starts_with("bud")));
}

/// Writes `files` (path, content) under the fake engine's tree of `image`.
fn tree(s: &Setup, image: &str, files: &[(&str, &str)]) {
    let root = s.log.join("trees").join(image);
    for (path, content) in files {
        let p = root.join(path.trim_start_matches('/'));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
    }
}

#[test]
fn the_files_are_verified_on_every_engine() {
    for engine in ["buildah", "podman", "docker"] {
        let s = setup(SPLIT_RUNS, &[engine]);
        // The base, the original (with apt's lists, which apt-lists removes by design) and
        // the rewrite. Base files are copied with their times, as layers keep them.
        tree(
            &s,
            "debian:bookworm",
            &[
                ("/usr/bin/sh", "shell"),
                ("/var/lib/apt/extended_states", ""),
            ],
        );
        let base = s.log.join("trees/debian:bookworm");
        for side in ["before", "after"] {
            let d = s.log.join("trees").join(side);
            std::fs::create_dir_all(&d).unwrap();
            let ok = Command::new("cp")
                .args(["-a", &format!("{}/.", base.display()), d.to_str().unwrap()])
                .status()
                .unwrap();
            assert!(ok.success());
        }
        tree(
            &s,
            "before",
            &[
                ("/usr/bin/curl", "curl 8"),
                (
                    "/var/lib/apt/lists/deb.debian.org_Packages",
                    "Package: curl",
                ),
            ],
        );
        tree(&s, "after", &[("/usr/bin/curl", "curl 8")]);
        let o = compare(
            &s,
            &["--engine", engine, "--format", "json"],
            &[("FAKE_SAME_PROBE", "1")],
        );
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(o.status.code(), Some(0), "{engine}: {}", v["files"]);
        let f = &v["files"];
        assert_eq!(f["base_before"], "debian:bookworm", "{engine}");
        assert_eq!(f["unexpected_count"], 0, "{engine}: {f}");
        assert_eq!(f["kept"]["files"], 1, "{engine}: {f}");
        assert_eq!(f["expected"][0]["transform"], "apt-lists", "{engine}: {f}");
        assert_eq!(f["expected"][0]["bytes"], 13, "{engine}: {f}");
        assert_eq!(f["bytes"]["removed"]["caches"], 13, "{engine}: {f}");
        assert_eq!(f["bytes"]["base_before"], 5, "{engine}: {f}");
        // What was mounted or created to read the files is gone again.
        let calls = calls(&s);
        let opened = |verb: &str| calls.iter().filter(|c| c.starts_with(verb)).count();
        match engine {
            "buildah" => assert_eq!(opened("mount "), opened("umount "), "{calls:?}"),
            "podman" => assert_eq!(opened("image mount"), opened("image unmount"), "{calls:?}"),
            _ => assert_eq!(opened("create "), opened("rm -f ctr-"), "{calls:?}"),
        }
        assert_eq!(
            opened("export ") + opened("image mount") + opened("mount "),
            4
        );

        // The rewrite loses a file: named, and exit 1.
        std::fs::remove_file(s.log.join("trees/after/usr/bin/curl")).unwrap();
        let o = compare(&s, &["--engine", engine], &[("FAKE_SAME_PROBE", "1")]);
        assert_eq!(o.status.code(), Some(1), "{engine}: {}", text(&o.stderr));
        let out = text(&o.stdout);
        assert!(out.contains("files: 1 UNEXPECTED"), "{out}");
        assert!(out.contains("  /usr/bin/curl: missing"), "{out}");
        assert!(
            out.contains("expected, apt-lists (caches): 2 files"),
            "{out}"
        );
    }
}

#[test]
fn an_image_that_cannot_be_mounted_is_a_clear_error_and_nothing_is_left() {
    for engine in ["buildah", "podman"] {
        let s = setup(SPLIT_RUNS, &[engine]);
        let o = compare(
            &s,
            &["--engine", engine],
            &[("FAKE_SAME_PROBE", "1"), ("FAKE_MOUNT_FAILS", "1")],
        );
        assert_eq!(o.status.code(), Some(2), "{engine}");
        let err = text(&o.stderr);
        assert!(
            err.contains(&format!("{engine} unshare dockerlean compare")),
            "{err}"
        );
        assert!(err.contains("rootless mode"), "{err}");
        let calls = calls(&s);
        // The images built are removed, and a buildah container made to mount one too.
        assert!(
            calls
                .iter()
                .any(|c| c.starts_with("rmi") && c.contains("-after")),
            "{calls:?}"
        );
        if engine == "buildah" {
            let made = calls.iter().filter(|c| c.starts_with("from ")).count();
            let removed = calls.iter().filter(|c| c.starts_with("rm ctr-")).count();
            assert_eq!(made, removed, "{calls:?}");
        }
    }
}

#[test]
fn the_json_report_matches_its_documented_schema() {
    let s = setup(SPLIT_RUNS, &["buildah"]);
    tree(&s, "before", &[("/app/a", "1"), ("/app/b", "2")]);
    tree(&s, "after", &[("/app/a", "1")]);
    let o = compare(
        &s,
        &["--format", "json", "--probe", "true"],
        &[("FAKE_SAME_PROBE", "1")],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"]["unexpected"][0]["path"], "/app/b");
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("report.json");
    std::fs::write(&doc, &o.stdout).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join("target/ref-venv/bin/python");
    let check = Command::new(&python)
        .arg(root.join("tests/reference/validate_json.py"))
        .arg(root.join("docs/compare.schema.json"))
        .arg(&doc)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/test", python.display()));
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn a_context_that_cannot_be_read_is_a_clear_error_before_any_engine_call() {
    let s = setup(SPLIT_RUNS, &["buildah"]);
    for ctx in ["/nonexistent/context", "Dockerfile"] {
        let o = compare(&s, &["--context", ctx], &[]);
        assert_eq!(o.status.code(), Some(2), "{ctx}");
        let err = text(&o.stderr);
        assert!(err.contains("the build context cannot be read"), "{err}");
        assert!(err.contains("--context DIR"), "{err}");
    }
    assert!(calls(&s).is_empty(), "{:?}", calls(&s));
}
