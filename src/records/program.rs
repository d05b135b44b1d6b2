//! The program (事業) of a row: name cell with its 【department】 tag and status line,
//! and the summary cell.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Program;

use super::text::join_wrapped;

/// A line that only states the program's status (`事業終了`, `(廃止)`).
static STATUS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(\[【]?(?:事業)?(?:終了|完了|廃止|休止|中止|統合|凍結)(?:済み?)?[)\]】]?$")
        .expect("static regex")
});

/// A 【…】 tag.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"【\s*([^】]*?)\s*】").expect("static regex"));

/// Reads a program from the folded lines of its name cell and the summary text.
pub(crate) fn read_program(name_lines: &[String], summary: &str) -> Program {
    let mut status = None;
    let mut kept: Vec<&str> = Vec::new();
    for line in name_lines {
        let line = line.trim();
        if status.is_none() && !kept.is_empty() && STATUS_LINE.is_match(line) {
            status = Some(line.trim_matches(|c| "()[]【】".contains(c)).to_string());
        } else {
            kept.push(line);
        }
    }
    let joined = join_wrapped(&kept);
    let department = TAG
        .captures(&joined)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
        .filter(|d| !d.is_empty());
    let name = TAG.replace_all(&joined, "").trim().to_string();
    Program {
        name,
        department,
        status,
        summary: summary.trim().to_string(),
    }
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&STATUS_LINE);
    LazyLock::force(&TAG);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn department_tag_is_split_off() {
        let p = read_program(
            &lines(&["ティプロモー", "ション事業", "【企画調整", "局】"]),
            "概要",
        );
        assert_eq!(p.name, "ティプロモーション事業");
        assert_eq!(p.department.as_deref(), Some("企画調整局"));
        assert_eq!(p.status, None);
        assert_eq!(p.summary, "概要");
    }

    #[test]
    fn status_line_is_split_off() {
        let p = read_program(
            &lines(&["公共施設マネ", "ジメント推進", "事業", "事業終了"]),
            "",
        );
        assert_eq!(p.name, "公共施設マネジメント推進事業");
        assert_eq!(p.status.as_deref(), Some("事業終了"));
        let p = read_program(&lines(&["大学等誘致・整備促進事業(継続)"]), "");
        assert_eq!(p.status, None);
    }
}
