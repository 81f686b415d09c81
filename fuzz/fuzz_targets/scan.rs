//! Arbitrary bytes: the scanner never panics and is lossless; the model never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = dockerlean::syntax::scan(data);
    let mut joined = Vec::with_capacity(data.len());
    let mut at = 0;
    for seg in &s.segments {
        let r = seg.range();
        assert_eq!(r.start, at, "segments leave a gap or overlap");
        at = r.end;
        joined.extend_from_slice(&data[r]);
    }
    assert_eq!(joined, data, "segments do not rebuild the input");
    let _ = dockerlean::Document::parse(data.to_vec());
});
