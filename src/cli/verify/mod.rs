//! What `compare` verifies besides the probe: the two images' configs, field by field.
//! A rewrite must keep what the image does when it runs (Env as a map, Cmd, Entrypoint,
//! WorkingDir, User, ExposedPorts, Volumes, Labels, StopSignal, Healthcheck, Shell,
//! OnBuild); any difference is reported and fails the comparison. Its files: see
//! [`files`], on trees read by [`tree`].

pub mod files;
pub mod inputs;
pub mod tree;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The image config fields a rewrite must keep, as engines report them (Docker's
/// image config: `docker image inspect` `.Config`, or the `Docker.config` of
/// `buildah inspect` for images built in Docker format).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct Config {
    pub env: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    pub exposed_ports: Option<BTreeMap<String, Value>>,
    pub volumes: Option<BTreeMap<String, Value>>,
    pub labels: Option<BTreeMap<String, String>>,
    pub stop_signal: Option<String>,
    pub healthcheck: Option<Value>,
    pub shell: Option<Vec<String>>,
    pub on_build: Option<Vec<String>>,
}

/// One field that differs: `Env.PATH`, `Cmd`, ...; `null` where it is unset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

/// `null`, an empty list, an empty map and an empty string all mean "unset".
fn norm<T: Serialize>(v: &Option<T>) -> Value {
    let v = serde_json::to_value(v).unwrap_or(Value::Null);
    match &v {
        Value::Array(a) if a.is_empty() => Value::Null,
        Value::Object(o) if o.is_empty() => Value::Null,
        Value::String(s) if s.is_empty() => Value::Null,
        _ => v,
    }
}

/// `KEY=value` entries as a map (the last one of a key wins, as for a process).
fn env_map(env: &Option<Vec<String>>) -> BTreeMap<&str, &str> {
    env.iter()
        .flatten()
        .map(|e| e.split_once('=').unwrap_or((e.as_str(), "")))
        .collect()
}

/// Every field of `after` that differs from `before`.
pub fn diff(before: &Config, after: &Config) -> Vec<Difference> {
    let mut out = Vec::new();
    let (a, b) = (env_map(&before.env), env_map(&after.env));
    let keys: std::collections::BTreeSet<&str> = a.keys().chain(b.keys()).copied().collect();
    for k in keys {
        let (x, y) = (a.get(k), b.get(k));
        if x != y {
            out.push(Difference {
                field: format!("Env.{k}"),
                before: x.map_or(Value::Null, |v| Value::String(v.to_string())),
                after: y.map_or(Value::Null, |v| Value::String(v.to_string())),
            });
        }
    }
    let fields: [(&str, Value, Value); 11] = [
        ("Cmd", norm(&before.cmd), norm(&after.cmd)),
        (
            "Entrypoint",
            norm(&before.entrypoint),
            norm(&after.entrypoint),
        ),
        (
            "WorkingDir",
            norm(&before.working_dir),
            norm(&after.working_dir),
        ),
        ("User", norm(&before.user), norm(&after.user)),
        (
            "ExposedPorts",
            norm(&before.exposed_ports),
            norm(&after.exposed_ports),
        ),
        ("Volumes", norm(&before.volumes), norm(&after.volumes)),
        ("Labels", norm(&before.labels), norm(&after.labels)),
        (
            "StopSignal",
            norm(&before.stop_signal),
            norm(&after.stop_signal),
        ),
        (
            "Healthcheck",
            norm(&before.healthcheck),
            norm(&after.healthcheck),
        ),
        ("Shell", norm(&before.shell), norm(&after.shell)),
        ("OnBuild", norm(&before.on_build), norm(&after.on_build)),
    ];
    for (field, x, y) in fields {
        if x != y {
            out.push(Difference {
                field: field.to_string(),
                before: x,
                after: y,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> Config {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn equal_configs_have_no_difference() {
        let a = config(
            r#"{"Env":["PATH=/usr/bin","LANG=C.UTF-8"],"Cmd":["python","app.py"],"WorkingDir":"/app","Labels":{"a":"b"}}"#,
        );
        // Env order does not matter; unset and empty are the same.
        let b = config(
            r#"{"Env":["LANG=C.UTF-8","PATH=/usr/bin"],"Cmd":["python","app.py"],"WorkingDir":"/app","Labels":{"a":"b"},"User":"","Volumes":{},"OnBuild":null}"#,
        );
        assert_eq!(diff(&a, &b), vec![]);
    }

    #[test]
    fn each_changed_field_is_named() {
        let a = config(
            r#"{"Env":["PATH=/usr/bin","LANG=C.UTF-8"],"Cmd":["python","app.py"],"User":"app","ExposedPorts":{"80/tcp":{}}}"#,
        );
        let b = config(
            r#"{"Env":["PATH=/opt/venv/bin:/usr/bin","LANG=C.UTF-8","VIRTUAL_ENV=/opt/venv"],"Cmd":["python","main.py"],"ExposedPorts":{"80/tcp":{}},"Healthcheck":{"Test":["CMD","true"]}}"#,
        );
        let fields: Vec<String> = diff(&a, &b).into_iter().map(|d| d.field).collect();
        assert_eq!(
            fields,
            ["Env.PATH", "Env.VIRTUAL_ENV", "Cmd", "User", "Healthcheck"]
        );
        let d = &diff(&a, &b)[1];
        assert_eq!(
            (d.before.clone(), d.after.clone()),
            (Value::Null, Value::from("/opt/venv"))
        );
    }
}
