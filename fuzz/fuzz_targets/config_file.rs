//! libFuzzer entry of the `config_file` target: the logic and its invariants are `balcao_fuzz::config_file`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| balcao_fuzz::config_file(data));
