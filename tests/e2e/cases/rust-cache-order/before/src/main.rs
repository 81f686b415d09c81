fn main() {
    println!("{}", 6 * 7);
}
