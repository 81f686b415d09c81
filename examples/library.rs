//! Using dockerlean as a library: rewrite one Dockerfile and print the diff.
//!
//! cargo run --example library -- path/to/Dockerfile

use dockerlean::Pipeline;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/demo/api/Dockerfile".into());
    let original = std::fs::read(&path)?;
    let outcome = Pipeline::new().run(original.clone())?;
    for (transform, message) in &outcome.applied {
        eprintln!("{transform}: {message}");
    }
    let diff = dockerlean::emit::diff::unified(&path, Some(&original), &outcome.output);
    print!("{}", String::from_utf8_lossy(&diff));
    Ok(())
}
