//! Encrypted PDFs: the empty user password opens a file; otherwise a clear error unless the
//! right password is given.

use kpi_extract::pdf::{self, Options, PdfError};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/encrypted/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn text_of(doc: &kpi_extract::model::PdfDocument) -> String {
    doc.pages
        .iter()
        .flat_map(|p| p.glyphs.iter().map(|g| g.text.as_str()))
        .collect()
}

#[test]
fn empty_user_password_opens_without_asking() {
    let doc = pdf::extract(&fixture("owner-password-only.pdf"), &Options::default())
        .expect("an owner-only password does not keep readers out");
    assert_eq!(text_of(&doc), "あいうえお");
}

#[test]
fn user_password_is_required_and_a_wrong_one_is_told_apart() {
    let bytes = fixture("user-password-secret.pdf");
    let error = pdf::extract(&bytes, &Options::default()).expect_err("needs a password");
    assert_eq!(error, PdfError::Encrypted);
    assert!(error.to_string().contains("password required"));
    let wrong = Options {
        password: Some("guess".into()),
        ..Default::default()
    };
    let error = pdf::extract(&bytes, &wrong).expect_err("the wrong password");
    assert_eq!(error, PdfError::WrongPassword);
    assert!(error
        .to_string()
        .contains("password given with --password does not open it"));
}

#[test]
fn the_right_password_opens_the_file() {
    let options = Options {
        password: Some("secret".into()),
        ..Default::default()
    };
    let doc = pdf::extract(&fixture("user-password-secret.pdf"), &options).expect("opens");
    assert_eq!(text_of(&doc), "あいうえお");
}

#[test]
fn extract_reports_the_encrypted_file_and_exits_1() {
    let out = tempfile::tempdir().expect("temp dir");
    let input = format!(
        "{}/fixtures/encrypted/user-password-secret.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_kpi-extract"))
        .args(["extract", &input, "--quiet", "--out"])
        .arg(out.path())
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(1));
    let manifest = std::fs::read_to_string(out.path().join("manifest.json")).expect("manifest");
    assert!(manifest.contains("password required"), "{manifest}");
}
