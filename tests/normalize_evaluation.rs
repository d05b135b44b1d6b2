//! Table-driven tests of `parse_evaluation` over the grades and rates the report family
//! prints (issue 12).

use kpi_extract::normalize::parse_evaluation;

/// (input, grade, rate); `None` for the whole row when no evaluation is read.
type Want = Option<(Option<&'static str>, Option<f64>)>;

fn check(cases: &[(&str, Want)]) {
    for (input, want) in cases {
        let got = parse_evaluation(input).map(|e| (e.grade, e.rate));
        let want = want.map(|(g, r)| (g.map(String::from), r));
        assert_eq!(got, want, "input {input:?}");
    }
}

#[test]
fn rates() {
    check(&[
        ("125％", Some((None, Some(125.0)))),
        ("達成度 118.3%", Some((None, Some(118.3)))),
        ("【指標達成度 66.7％】", Some((None, Some(66.7)))),
        ("達成率：54.4%", Some((None, Some(54.4)))),
        ("【達成度0％】", Some((None, Some(0.0)))),
        ("100 %", Some((None, Some(100.0)))),
    ]);
}

#[test]
fn grades() {
    check(&[
        ("A", Some((Some("A"), None))),
        ("評価 C", Some((Some("C"), None))),
        ("【評価 D】", Some((Some("D"), None))),
        ("B評価", Some((Some("B"), None))),
        ("◎", Some((Some("◎"), None))),
        ("○", Some((Some("○"), None))),
        ("△", Some((Some("△"), None))),
        ("×", Some((Some("×"), None))),
        ("達成", Some((Some("達成"), None))),
        ("未達成（1,820人）", Some((Some("未達成"), None))),
        ("概ね達成", Some((Some("概ね達成"), None))),
        ("概ね順調", Some((Some("概ね順調"), None))),
        ("やや遅れ", Some((Some("やや遅れ"), None))),
    ]);
}

#[test]
fn grade_and_rate_together() {
    check(&[
        ("【達成度 54.4%】【評価 B】", Some((Some("B"), Some(54.4)))),
        ("達成率54.4% B", Some((Some("B"), Some(54.4)))),
        ("125% A", Some((Some("A"), Some(125.0)))),
    ]);
    let e = parse_evaluation("未達成（1,820人）").expect("an evaluation");
    assert_eq!(e.text, "未達成(1,820人)", "the text is kept, normalised");
}

#[test]
fn not_evaluations() {
    check(&[
        ("", None),
        ("－", None),
        ("学校紹介DVDの作成", None),
        ("KPI", None),
        ("前年比5%増", None),
        ("△198人", None),
        ("62%増", None),
        ("達成度", None),
    ]);
}
