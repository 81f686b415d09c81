//! Pipeline interaction cases: `tests/interactions/NAME.Dockerfile` through every default
//! transform with unsafe fixes must give `NAME.Dockerfile.expected` (passes run in order
//! and repeat until nothing changes). `DOCKERLEAN_BLESS=1` writes the expected files, to
//! be reviewed by reading them.

use std::path::Path;

use dockerlean::Pipeline;

#[test]
fn interaction_cases() {
    let bless = std::env::var_os("DOCKERLEAN_BLESS").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interactions");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "Dockerfile"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 5);
    let p = Pipeline::new().unsafe_fixes(true);
    let mut failures = Vec::new();
    for case in cases {
        let input = std::fs::read(&case).unwrap();
        let o = p.run(input.clone()).unwrap();
        assert!(
            o.internal_errors.is_empty(),
            "{}: {:?}",
            case.display(),
            o.internal_errors
        );
        let again = p.run(o.output.clone()).unwrap();
        assert_eq!(again.output, o.output, "{}: not idempotent", case.display());
        let expected = case.with_extension("Dockerfile.expected");
        if bless {
            std::fs::write(&expected, &o.output).unwrap();
        } else if std::fs::read(&expected).unwrap_or_default() != o.output {
            failures.push(format!(
                "{}:\n{}",
                case.display(),
                String::from_utf8_lossy(&o.output)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
