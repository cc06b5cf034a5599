//! Signing in at the real password cost (Argon2id, 128 MiB, three passes): opening the encrypted
//! register (the password unwraps the database key, SQLCipher opens the file, the sign-in is
//! recorded), signing in again behind the window's lock (the password hash checked in the open
//! register), and adding a user (a hash and a key wrap). This is what a user waits for, and what
//! each guess of an attacker with the files costs.

#![allow(clippy::unwrap_used, reason = "a benchmark on a broken fixture should stop loudly")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rekisteri::domain::password::PasswordCost;
use rekisteri::domain::user::{NewUser, Role};
use rekisteri::store::{Store, now};

const USERNAME: &str = "satu";
const PASSWORD: &str = "kaura-pelto-2026";

fn sign_in(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sign-in.sqlite");
    let mut store = Store::create(&path, USERNAME, "", PASSWORD, PasswordCost::STANDARD).unwrap();
    rekisteri::sample::populate(&mut store, 100, 7, |_| true).unwrap();
    drop(store);
    let mut group = c.benchmark_group("sign-in");
    group.sample_size(10);
    group.bench_function("open the encrypted register", |b| {
        b.iter(|| black_box(Store::open(&path, USERNAME, PASSWORD, now()).unwrap()))
    });
    let mut store = Store::open(&path, USERNAME, PASSWORD, now()).unwrap();
    group.bench_function("sign in again behind the lock", |b| {
        b.iter(|| black_box(store.sign_in(USERNAME, PASSWORD, now()).unwrap()))
    });
    let mut number = 0;
    group.bench_function("add a user (hash and key wrap)", |b| {
        b.iter(|| {
            number += 1;
            let new =
                NewUser { username: format!("tyontekija{number}"), display_name: String::new(), role: Role::Staff };
            black_box(store.add_user(&new, "pitkä-työntekijän-salasana").unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, sign_in);
criterion_main!(benches);
