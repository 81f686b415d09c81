//! Benchmark and report over a directory of Dockerfiles (default: the shared corpus).
//!
//! cargo run --release --bin dockerlean-bench [DIR]
//! cargo run --release --bin dockerlean-bench --scaling
//!
//! Prints, for scan + model and for the full pipeline: files/s, µs per file (median,
//! p99) and peak memory; then the findings per transform and the files that changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use dockerlean::{Document, Pipeline};

fn files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.parent() != Some(root)
                && let Ok(b) = std::fs::read(&p)
            {
                out.push((p, b));
            }
        }
    }
    out.sort();
    out
}

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn report(label: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    let total: f64 = times.iter().sum();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{label:<16} {:>6} files  {:>9.0} files/s  median {:>6.1} µs  p99 {:>7.1} µs  total {:>7.1} ms",
        times.len(),
        times.len() as f64 / (total / 1e6),
        pct(0.5),
        pct(0.99),
        total / 1e3
    );
}

/// Time and memory against input size: generated files of growing size (consecutive
/// RUNs to merge with apt and pip work in them, between ENV lines), each run through the
/// whole pipeline. Linear growth shows as a constant µs per KiB.
fn scaling() {
    println!(
        "{:>10} {:>12} {:>12} {:>12} {:>14}",
        "lines", "bytes", "ms", "µs/KiB", "peak KiB"
    );
    for n in [1_000usize, 4_000, 16_000, 64_000] {
        let mut src = String::from("FROM debian:bookworm\n");
        for i in 0..n / 4 {
            src.push_str(&format!("ENV V{i}={i}\n"));
            src.push_str("RUN apt-get update && apt-get install -y curl\n");
            src.push_str(&format!("RUN pip install pkg{i}\n"));
            src.push_str(&format!("RUN echo {i} \\\n  && true\n"));
        }
        let bytes = src.len();
        let t = Instant::now();
        let out = Pipeline::new().unsafe_fixes(true).run(src.into_bytes());
        let ms = t.elapsed().as_secs_f64() * 1e3;
        assert!(out.is_ok());
        println!(
            "{:>10} {:>12} {:>12.1} {:>12.1} {:>14}",
            n,
            bytes,
            ms,
            ms * 1e3 / (bytes as f64 / 1024.0),
            peak_rss_kib().unwrap_or(0)
        );
    }
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--scaling") {
        scaling();
        return;
    }
    let root = std::env::args().nth(1).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    );
    let corpus = files(&root);
    if corpus.is_empty() {
        eprintln!("no files under {}", root.display());
        std::process::exit(2);
    }
    // Warm up caches and the allocator once.
    for (_, b) in corpus.iter().take(200) {
        let _ = Document::parse(b.clone());
    }

    let mut scan_model = Vec::with_capacity(corpus.len());
    let mut parse_errors = 0;
    for (_, b) in &corpus {
        let input = b.clone();
        let t = Instant::now();
        let r = Document::parse(input);
        scan_model.push(t.elapsed().as_secs_f64() * 1e6);
        parse_errors += r.is_err() as usize;
    }

    let p = Pipeline::new().unsafe_fixes(true);
    let mut pipeline = Vec::with_capacity(corpus.len());
    // Per transform: findings with a safe fix, with an unsafe fix, advice.
    let mut per_transform: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    let mut changed = 0;
    for (_, b) in &corpus {
        let t = Instant::now();
        let r = p.run(b.clone());
        pipeline.push(t.elapsed().as_secs_f64() * 1e6);
        if let Ok(o) = r {
            changed += (o.output != *b) as usize;
            for f in &o.findings {
                let k = match f.applicability() {
                    dockerlean::Applicability::Safe => 0,
                    dockerlean::Applicability::Unsafe => 1,
                    dockerlean::Applicability::DisplayOnly => 2,
                };
                per_transform.entry(f.transform).or_default()[k] += 1;
            }
        }
    }

    println!("corpus: {} ({} files)", root.display(), corpus.len());
    report("scan + model", scan_model);
    report("full pipeline", pipeline);
    println!(
        "peak memory: {} KiB",
        peak_rss_kib().map_or("unknown".into(), |k| k.to_string())
    );
    println!("files not modelled (BuildKit rejects them): {parse_errors}");
    println!("files changed by the pipeline (with --unsafe): {changed}");
    println!(
        "{:<18} {:>8} {:>8} {:>8}",
        "findings", "safe", "unsafe", "advice"
    );
    for (t, [safe, unsafe_, advice]) in per_transform {
        println!("{t:<18} {safe:>8} {unsafe_:>8} {advice:>8}");
    }
}
