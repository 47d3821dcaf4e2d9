//! With the `split` feature the console's binary is linked with its relocations kept: the
//! `baton-split` Trunk hook (tools/split) needs them to cut the module at its `#[lazy]` areas.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
