//! Benchmark and report over a directory of Dockerfiles (default: the shared corpus).
//!
//! cargo run --release --bin dockerlean-bench [DIR]
//! cargo run --release --bin dockerlean-bench --scaling
//! cargo run --release --bin dockerlean-bench --verify   (compare's file check, 1 GB images)
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

/// Pseudo-random bytes (xorshift), so that nothing compresses or dedupes them.
fn fill(buf: &mut [u8], seed: &mut u64) {
    for chunk in buf.chunks_mut(8) {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let b = seed.to_le_bytes();
        chunk.copy_from_slice(&b[..chunk.len()]);
    }
}

/// Writes `count` files of `size` bytes under `dir`, 100 per folder.
fn write_files(dir: &Path, count: usize, size: usize, seed: &mut u64) {
    let mut buf = vec![0u8; size];
    for i in 0..count {
        let d = dir.join(format!("d{}", i / 100));
        std::fs::create_dir_all(&d).unwrap();
        fill(&mut buf, seed);
        std::fs::write(d.join(format!("f{i}")), &buf).unwrap();
    }
}

/// `compare`'s file check on two synthetic 1 GB images: a 1 GB base (20,000 files of
/// 48 KiB and 10 of 10 MiB), each image its copy (times kept, as layers keep them) plus
/// 100 MB of app files. Prints the check as compare runs it (scan the four trees, hash
/// what differs from the base, compare) and, for the worst case where every file must
/// be hashed, one whole 1 GB tree hashed.
fn verify_bench() {
    use dockerlean::cli::verify::{files, tree::Tree};
    let tmp = tempfile::Builder::new()
        .prefix("dockerlean-bench-trees")
        .tempdir_in(Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .unwrap();
    let base = tmp.path().join("base");
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let t = Instant::now();
    write_files(&base.join("usr/lib"), 20_000, 48 * 1024, &mut seed);
    write_files(&base.join("opt/big"), 10, 10 << 20, &mut seed);
    for side in ["before", "after"] {
        let ok = std::process::Command::new("cp")
            .args(["-a"])
            .arg(&base)
            .arg(tmp.path().join(side))
            .status()
            .unwrap();
        assert!(ok.success());
    }
    // The same app files in both (the same seed).
    for side in ["before", "after"] {
        write_files(&tmp.path().join(side).join("app"), 2_000, 48 * 1024, &mut 7);
    }
    let _ = std::process::Command::new("sync").status();
    eprintln!("trees written in {:.1} s", t.elapsed().as_secs_f64());
    // Cold caches when this may drop them (root), as after a build of other images.
    let cold = std::fs::write("/proc/sys/vm/drop_caches", "3").is_ok();

    let t = Instant::now();
    let scan = |side: &str| Tree::scan_dir(&tmp.path().join(side)).unwrap();
    let ((mut before, mut before_base), (mut after, after_base)) = rayon::join(
        || rayon::join(|| scan("before"), || scan("base")),
        || rayon::join(|| scan("after"), || scan("base")),
    );
    files::hash_needed(&mut before, &mut before_base, &mut after).unwrap();
    let r = files::check(
        &before,
        &before_base,
        &after,
        &after_base,
        &files::Expectations::default(),
    );
    let took = t.elapsed().as_secs_f64();
    assert_eq!(r.unexpected_count, 0);
    let gb = |b: u64| b as f64 / 1e9;
    println!(
        "compare's file check, two {:.2} GB images on a {:.2} GB base ({} files each, {} written by the Dockerfile){}: {took:.2} s",
        gb(before.bytes()),
        gb(before_base.bytes()),
        before.entries.len(),
        r.original_files.files,
        if cold { ", cold page cache" } else { "" }
    );
    if cold {
        let _ = std::fs::write("/proc/sys/vm/drop_caches", "3");
    }
    let t = Instant::now();
    let whole = Tree::read_dir(&tmp.path().join("before")).unwrap();
    let took = t.elapsed().as_secs_f64();
    println!(
        "every file hashed (the worst case, and `docker export`'s stream): {:.2} GB in {took:.2} s, {:.2} GB/s on {} cores",
        gb(whole.bytes()),
        gb(whole.bytes()) / took,
        rayon::current_num_threads()
    );
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--scaling") {
        scaling();
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("--verify") {
        verify_bench();
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
