//! The generated projects of installs_real: npm, Yarn 1 and pnpm, and pip projects made
//! of the features their installs react to, in a fixed pseudo-random order.

use std::collections::BTreeMap;

use super::Case;
use super::common;

/// npm projects made of the features an install reacts to (a lock and its version, a
/// yarn.lock, an .npmrc, install hooks, a binding.gyp, dev dependencies), each with one
/// of the bodies cache-order may move, in a fixed pseudo-random order.
pub(crate) fn npm(n: usize) -> Vec<Case> {
    let mut pick = common::picker(0x2545_F491_4F6C_DD1D);
    let bodies = [
        "npm ci",
        "npm install",
        "npm i",
        "npm install --no-save",
        "npm ci --ignore-scripts",
        "npm install --omit=dev",
        "npm install --no-package-lock",
        "npm ci --omit=dev && npm cache clean --force",
        "npm install --production --ignore-scripts",
    ];
    let ranges = ["^1.0.0", "1.0.0", "^1.1.0"];
    let mut out = Vec::new();
    for k in 0..n {
        let range = ranges[pick(ranges.len())];
        let dev = pick(3) == 0;
        let deps = format!("{{\"lean-dep\": \"{range}\"}}");
        let scripts = [
            "",
            r#", "scripts": {"postinstall": "cat notes.txt > installed.txt"}"#,
            r#", "scripts": {"prepare": "cp notes.txt prepared.txt"}"#,
            r#", "scripts": {"start": "node server.js"}"#,
        ][pick(4)];
        let mut files = BTreeMap::new();
        files.insert(
            "package.json".to_string(),
            format!(
                "{{\"name\": \"app\", \"version\": \"1.0.0\", \"{}\": {deps}{scripts}}}",
                if dev {
                    "devDependencies"
                } else {
                    "dependencies"
                }
            ),
        );
        // The lock: none, in step with package.json (lean-dep 1.0.0 where the range
        // takes it), an old lockfileVersion 1, or one behind package.json.
        let locked = if range == "^1.1.0" { "1.1.0" } else { "1.0.0" };
        let dev_flag = if dev { r#", "dev": true"# } else { "" };
        let deps_key = if dev {
            "devDependencies"
        } else {
            "dependencies"
        };
        match pick(4) {
            0 => {}
            1 => {
                files.insert(
                    "package-lock.json".to_string(),
                    format!(
                        r#"{{"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {{"": {{"name": "app", "version": "1.0.0", "{deps_key}": {deps}}}, "node_modules/lean-dep": {{"version": "{locked}"{dev_flag}}}}}}}"#
                    ),
                );
            }
            2 => {
                files.insert(
                    "package-lock.json".to_string(),
                    format!(
                        r#"{{"name": "app", "version": "1.0.0", "lockfileVersion": 1, "requires": true, "dependencies": {{"lean-dep": {{"version": "{locked}"{dev_flag}}}}}}}"#
                    ),
                );
            }
            _ => {
                files.insert(
                    "package-lock.json".to_string(),
                    r#"{"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "app", "version": "1.0.0"}}}"#.to_string(),
                );
            }
        }
        if pick(3) == 0 {
            files.insert(
                "yarn.lock".to_string(),
                format!(
                    "# yarn lockfile v1\n\n\nlean-dep@{range}:\n  version \"{locked}\"\n  resolved \"https://registry.yarnpkg.com/lean-dep/-/lean-dep-{locked}.tgz\"\n"
                ),
            );
        }
        match pick(4) {
            0 => {
                files.insert(".npmrc".to_string(), "save-exact=true\n".to_string());
            }
            1 => {
                files.insert(".npmrc".to_string(), "package-lock=false\n".to_string());
            }
            _ => {}
        }
        if pick(4) == 0 {
            files.insert(
                "binding.gyp".to_string(),
                r#"{"targets": [{"target_name": "addon", "sources": ["src/addon.cc"]}]}"#
                    .to_string(),
            );
            files.insert(
                "src/addon.cc".to_string(),
                "// an empty add-on\n".to_string(),
            );
        }
        files.insert("notes.txt".to_string(), "from the sources\n".to_string());
        files.insert(
            "server.js".to_string(),
            "require('lean-dep');\n".to_string(),
        );
        let body = bodies[pick(bodies.len())].to_string();
        out.push(Case {
            name: format!(
                "generated {k}: {body}, files {:?}",
                files.keys().collect::<Vec<_>>()
            ),
            body,
            expect: String::new(),
            reason: String::new(),
            // What moving anyway copies first: the manifests the facts list.
            moved: [
                "package.json",
                "package-lock.json",
                "npm-shrinkwrap.json",
                ".npmrc",
                "yarn.lock",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            needs: Vec::new(),
            setup: String::new(),
            files,
        });
    }
    out
}

/// Yarn 1 and pnpm projects made of the features their installs react to: a lock in
/// step or behind package.json (written by the manager itself in `setup`), settings in
/// .yarnrc or .npmrc, install hooks, dev dependencies, a patch (pnpm), each with one of
/// the bodies cache-order may move, in a fixed pseudo-random order.
pub(crate) fn yarn_pnpm(n: usize) -> Vec<Case> {
    let mut pick = common::picker(0xD1B5_4A32_D192_ED03);
    let mut out = Vec::new();
    for k in 0..n {
        let pnpm = pick(2) == 0;
        let manager = if pnpm { "pnpm" } else { "yarn" };
        let range = ["^1.0.0", "1.0.0", "^1.1.0"][pick(3)];
        let dev = pick(3) == 0;
        let scripts = [
            "",
            r#", "scripts": {"postinstall": "cat notes.txt > installed.txt"}"#,
            r#", "scripts": {"start": "node server.js"}"#,
        ][pick(3)];
        let patch = pnpm && range == "1.0.0" && pick(3) == 0;
        let patched = if patch {
            r#", "pnpm": {"patchedDependencies": {"lean-dep@1.0.0": "patches/lean-dep@1.0.0.patch"}}"#
        } else {
            ""
        };
        let deps_key = if dev {
            "devDependencies"
        } else {
            "dependencies"
        };
        let mut files = BTreeMap::new();
        files.insert(
            "package.json".to_string(),
            format!(
                "{{\"name\": \"app\", \"version\": \"1.0.0\", \"{deps_key}\": {{\"lean-dep\": \"{range}\"}}{scripts}{patched}}}"
            ),
        );
        if patch {
            files.insert(
                "patches/lean-dep@1.0.0.patch".to_string(),
                "diff --git a/index.js b/index.js\n--- a/index.js\n+++ b/index.js\n@@ -1 +1 @@\n-module.exports = 'one';\n+module.exports = 'patched';\n".to_string(),
            );
        }
        match pick(4) {
            0 => {
                let (f, t) = if pnpm {
                    (".npmrc", "frozen-lockfile=true\n")
                } else {
                    (".yarnrc", "--install.frozen-lockfile true\n")
                };
                files.insert(f.to_string(), t.to_string());
            }
            // pnpm writes no lock with it, so no lock is made for it (below).
            1 if pnpm => {
                files.insert(".npmrc".to_string(), "lockfile=false\n".to_string());
            }
            1 => {
                files.insert(
                    ".yarnrc".to_string(),
                    "--install.production true\n".to_string(),
                );
            }
            _ => {}
        }
        files.insert("notes.txt".to_string(), "from the sources\n".to_string());
        files.insert(
            "server.js".to_string(),
            "require('lean-dep');\n".to_string(),
        );
        // The lock: none, written in step by the manager, or written and then left
        // behind package.json (the range changed after).
        // (Without the project's settings, which may forbid writing one.)
        let lock = if pnpm {
            "pnpm install --lockfile-only --ignore-scripts --no-frozen-lockfile"
        } else {
            "{ [ ! -f .yarnrc ] || mv .yarnrc .yarnrc.off; } && yarn install --ignore-scripts && rm -rf node_modules && { [ ! -f .yarnrc.off ] || mv .yarnrc.off .yarnrc; }"
        };
        let no_lock = files
            .get(".npmrc")
            .is_some_and(|t| t.starts_with("lockfile=false"));
        let setup = match pick(3) {
            _ if no_lock => String::new(),
            0 => String::new(),
            1 => lock.to_string(),
            _ => format!(
                "{lock} && sed -i 's/\"lean-dep\": \"[^\"]*\"/\"lean-dep\": \"~1.0.0\"/' package.json"
            ),
        };
        let bodies: &[&str] = if pnpm {
            &[
                "pnpm install --frozen-lockfile",
                "pnpm install",
                "pnpm i --prod --frozen-lockfile",
                "CI=true pnpm install",
                "pnpm install --frozen-lockfile --ignore-scripts",
            ]
        } else {
            &[
                "yarn install --frozen-lockfile",
                "yarn install",
                "yarn",
                "yarn install --production --frozen-lockfile",
                "yarn install --frozen-lockfile --ignore-scripts",
            ]
        };
        let body = bodies[pick(bodies.len())].to_string();
        let moved = if pnpm {
            vec!["package.json", "pnpm-lock.yaml", ".npmrc"]
        } else {
            vec!["package.json", "yarn.lock", ".yarnrc", ".npmrc"]
        };
        out.push(Case {
            name: format!(
                "generated {manager} {k}: {body}, setup {setup:?}, files {:?}",
                files.keys().collect::<Vec<_>>()
            ),
            body,
            expect: String::new(),
            reason: String::new(),
            moved: moved.iter().map(|s| s.to_string()).collect(),
            needs: vec![manager.to_string()],
            setup,
            files,
        });
    }
    out
}

/// Python projects whose requirement files use pip's syntax in its forms (options
/// with their value attached or apart, `=`, continued lines, comments after a blank
/// or a tab, nested `-r` and `-c`, a local folder, wheel or index, a remote index),
/// in a fixed pseudo-random order; `pip install -r requirements.txt` installs them.
pub(crate) fn pip(n: usize) -> Vec<Case> {
    let mut pick = common::picker(0x9E37_79B9_7F4A_7C15);
    let nested = |o: &str, f: &str, k: usize| {
        let long = if o == "-r" {
            "--requirement"
        } else {
            "--constraint"
        };
        match k {
            0 => format!("{o}{f}"),
            1 => format!("{o} {f}"),
            2 => format!("{long}={f}"),
            3 => format!("{long} {f}"),
            _ => format!("{o} ./{f}"),
        }
    };
    let mut out = Vec::new();
    for k in 0..n {
        let mut files = BTreeMap::new();
        let mut lines: Vec<String> = Vec::new();
        for _ in 0..1 + pick(4) {
            let line = match pick(11) {
                0 => "leandep==1.0.0".to_string(),
                1 => "leandep>=1.0  # any".to_string(),
                2 => {
                    let base = if pick(2) == 0 {
                        "base.txt"
                    } else {
                        "reqs/base.txt"
                    };
                    files.insert(base.to_string(), "leandep\t# from base\n".to_string());
                    nested("-r", base, pick(5))
                }
                3 => {
                    let version = if pick(2) == 0 { "1.0.0" } else { "1.1.0" };
                    files.insert("pins.txt".to_string(), format!("leandep=={version}\n"));
                    nested("-c", "pins.txt", pick(5))
                }
                4 => "leandep \\\n    ==1.1.0".to_string(),
                5 => "# a comment line".to_string(),
                6 => {
                    files.insert(
                        "wheels/leandep-1.0.0-py3-none-any.whl".to_string(),
                        "@wheels/leandep-1.0.0-py3-none-any.whl".to_string(),
                    );
                    [
                        "-f wheels",
                        "--find-links=wheels",
                        "-fwheels",
                        "--find-links ./wheels",
                    ][pick(4)]
                    .to_string()
                }
                7 => "-i {registry}/simple/".to_string(),
                8 => {
                    files.insert(
                        "vendor/leandep-1.0.0-py3-none-any.whl".to_string(),
                        "@wheels/leandep-1.0.0-py3-none-any.whl".to_string(),
                    );
                    "vendor/leandep-1.0.0-py3-none-any.whl".to_string()
                }
                9 => "--no-index".to_string(),
                _ => "leandep # pinned elsewhere".to_string(),
            };
            lines.push(line);
        }
        files.insert("requirements.txt".to_string(), lines.join("\n") + "\n");
        files.insert("app.py".to_string(), "import leandep\n".to_string());
        let moved = files
            .keys()
            .filter(|f| f.ends_with(".txt"))
            .cloned()
            .collect();
        out.push(Case {
            name: format!("generated pip {k}: {:?}", files["requirements.txt"]),
            body: "pip install -r requirements.txt".to_string(),
            expect: String::new(),
            reason: String::new(),
            moved,
            needs: Vec::new(),
            setup: String::new(),
            files,
        });
    }
    out
}
