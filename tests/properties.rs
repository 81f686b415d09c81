//! Properties over arbitrary input.

use dockerlean::syntax::scan;
use dockerlean::{Edit, Pipeline};
use proptest::prelude::*;

/// Dockerfile-shaped text: lines made of keywords, words, escapes, heredoc openers,
/// comments, CR and tabs.
fn dockerfile_like() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just("FROM debian\n".to_string()),
        Just("RUN ".to_string()),
        Just("run ".to_string()),
        Just("apt-get install -y x".to_string()),
        Just("cd /src".to_string()),
        Just(" && ".to_string()),
        Just("; ".to_string()),
        Just(" \\\n".to_string()),
        Just("\\\\\n".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("# c\n".to_string()),
        Just("<<EOF\nbody\nEOF\n".to_string()),
        Just("<<-E\n\tE\n".to_string()),
        Just("COPY . /app\n".to_string()),
        Just("[\"sh\", \"-c\", \"x\"]".to_string()),
        Just("--mount=type=cache,target=/root/.cache ".to_string()),
        Just("# escape=`\n".to_string()),
        Just("`\n".to_string()),
        Just("\t".to_string()),
        Just("( x )".to_string()),
        Just("export A=1".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
    ];
    prop::collection::vec(token, 0..40).prop_map(|v| v.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn scanning_arbitrary_bytes_is_lossless(src in prop::collection::vec(any::<u8>(), 0..400)) {
        let s = scan(&src);
        let joined: Vec<u8> = s.segments.iter().flat_map(|g| src[g.range()].to_vec()).collect();
        prop_assert_eq!(joined, src);
    }

    #[test]
    fn pipeline_on_dockerfile_like_text_converges(src in dockerfile_like()) {
        let p = Pipeline::new().unsafe_fixes(true);
        if let Ok(o) = p.run(src.clone()) {
            prop_assert!(o.internal_errors.is_empty(), "{:?}", o.internal_errors);
            let again = p.run(o.output.clone()).expect("output re-parses");
            prop_assert_eq!(again.output, o.output);
        }
    }

    #[test]
    fn disjoint_edits_apply_the_same_in_any_order(
        len in 1usize..200,
        cuts in prop::collection::btree_set(0usize..200, 0..12),
        seed in any::<u64>(),
    ) {
        let src: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
        let points: Vec<usize> = cuts.into_iter().filter(|&c| c <= len).collect();
        // Pairs of consecutive points become replaced ranges.
        let edits: Vec<Edit> = points
            .chunks(2)
            .enumerate()
            .map(|(k, c)| Edit::replace(c[0]..*c.get(1).unwrap_or(&c[0]), format!("<{k}>")))
            .collect();
        let mut shuffled: Vec<&Edit> = edits.iter().collect();
        let n = shuffled.len();
        if n > 1 {
            for i in 0..n {
                shuffled.swap(i, (seed as usize).wrapping_add(i * 7) % n);
            }
        }
        let in_order: Vec<&Edit> = edits.iter().collect();
        let a = dockerlean::fix::apply_edits(&src, &in_order);
        let b = dockerlean::fix::apply_edits(&src, &shuffled);
        prop_assert_eq!(a, b);
    }
}
