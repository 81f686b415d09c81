fn main() {
    let sum: i64 = std::env::args().skip(1).filter_map(|a| a.parse::<i64>().ok()).sum();
    println!("tally {} = {}", std::env::args().skip(1).collect::<Vec<_>>().join("+"), sum);
}
