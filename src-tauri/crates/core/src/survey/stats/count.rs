//! The figures of a wave or of one question, counted from submissions held in memory: each
//! question's answers handed to its [`QuestionTally`], the questions of a large wave shared among threads.

use super::answers::{is_answered, labels_of};
use super::tally::{QuestionTally, WaveTally};
use super::types::{QuestionStats, Texts, WaveStats};
use crate::survey::model::{QuestionDef, Submission};

/// Same figures as [`question_stats`] for each question, reading every submission once.
pub fn wave_stats(questions: &[QuestionDef], submissions: &[&Submission]) -> WaveStats {
    wave_stats_with(questions, submissions, Texts::Keep)
}

pub fn wave_stats_with(questions: &[QuestionDef], submissions: &[&Submission], texts: Texts) -> WaveStats {
    let count = |questions: &[QuestionDef]| {
        let mut tally = WaveTally::new(questions, texts);
        for submission in submissions {
            tally.add(submission);
        }
        tally.finish()
    };
    // Questions are independent: a large wave held in memory is counted on every core, each
    // thread taking a share of the questions.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads <= 1 || submissions.len() < 1_000 || questions.len() < 2 {
        return count(questions);
    }
    let share = questions.len().div_ceil(threads);
    let parts: Vec<WaveStats> = std::thread::scope(|scope| {
        let handles: Vec<_> = questions.chunks(share).map(|part| scope.spawn(move || count(part))).collect();
        handles.into_iter().map(|h| h.join().expect("a statistics thread panicked")).collect()
    });
    WaveStats { responses: submissions.len() as u32, questions: parts.into_iter().flat_map(|p| p.questions).collect() }
}

/// The label a submission gave to a question, for splitting other questions by it (cross-tabulation):
/// a single choice's answer; a multiple choice's labels joined by ", ". None when unanswered.
pub fn answer_label(submission: &Submission, key: &str) -> Option<String> {
    let answer = submission.answers.get(key)?;
    if !is_answered(answer) {
        return None;
    }
    let labels = labels_of(answer);
    (!labels.is_empty()).then(|| labels.join(", "))
}

pub fn question_stats(question: &QuestionDef, submissions: &[&Submission]) -> QuestionStats {
    let mut tally = QuestionTally::new(question, Texts::Keep);
    for answer in submissions.iter().filter_map(|s| s.answers.get(&question.key)) {
        tally.add(answer);
    }
    tally.finish(submissions.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::model::{Answer, QuestionKind};
    use crate::survey::stats::types::{DateSummary, NumberSummary};
    use crate::survey::testing::{choice, choices, close, counts, number, question, refs, submission};

    #[test]
    fn single_choice_counts_distinct_answers_in_the_files_order_with_non_responses() {
        let subs = vec![
            submission(1, vec![("s", choice("Oui"))]),
            submission(2, vec![("s", choice("Non"))]),
            submission(3, vec![("s", choice("Oui"))]),
            submission(4, vec![("s", choice("Ne sait pas"))]),
            submission(5, vec![]),
            submission(6, vec![("s", choice("  "))]),
        ];
        let st = question_stats(&question("s", QuestionKind::Single, &[]), &refs(&subs));
        assert_eq!((st.answered, st.non_responses), (4, 2));
        assert_eq!(counts(&st.options), [("Oui", 2), ("Non", 1), ("Ne sait pas", 1)]);
        assert!(close(st.options[0].percent, 50.0) && close(st.options[1].percent, 25.0));
        assert!(close(st.answered_percent(), 400.0 / 6.0));
    }

    #[test]
    fn multi_choice_percents_are_of_respondents_and_may_pass_100() {
        let def = question("m", QuestionKind::Multi, &["Facebook", "Instagram", "TikTok"]);
        let subs = vec![
            submission(1, vec![("m", choices(&["Facebook", "Instagram"], None))]),
            submission(2, vec![("m", choices(&["Facebook"], Some("Mastodon")))]),
            // Compact mode: a label outside the option columns, and a case variant of a column.
            submission(3, vec![("m", choices(&["facebook", "Discord", "Instagram"], Some(" ")))]),
            submission(4, vec![("m", choices(&[], None))]),
            submission(5, vec![]),
        ];
        let st = question_stats(&def, &refs(&subs));
        assert_eq!((st.answered, st.non_responses), (3, 2));
        assert_eq!(
            counts(&st.options),
            [("Facebook", 3), ("Instagram", 2), ("TikTok", 0), ("Autre", 1), ("Discord", 1)]
        );
        let total: f64 = st.options.iter().map(|o| o.percent).sum();
        assert!(close(total, 700.0 / 3.0), "100 + 66,7 + 0 + 33,3 + 33,3 = {total}");
        assert!(close(st.options[1].percent, 200.0 / 3.0));
        assert_eq!(st.other_answers, ["Mastodon"]);
        assert_eq!(st.top_option().unwrap().label, "Facebook");
    }

    #[test]
    fn an_only_other_answer_counts_as_answered() {
        let def = question("m", QuestionKind::Multi, &["A"]);
        let subs = vec![submission(1, vec![("m", choices(&[], Some("Autre chose")))])];
        let st = question_stats(&def, &refs(&subs));
        assert_eq!(st.answered, 1);
        assert_eq!(counts(&st.options), [("A", 0), ("Autre", 1)]);
        assert!(close(st.options[1].percent, 100.0));
    }

    #[test]
    fn number_summary_median_of_odd_and_even_counts() {
        let def = question("n", QuestionKind::Number, &[]);
        let odd = vec![
            submission(1, vec![("n", number(3.0))]),
            submission(2, vec![("n", number(1.0))]),
            submission(3, vec![("n", number(8.0))]),
            submission(4, vec![]),
        ];
        let st = question_stats(&def, &refs(&odd));
        assert_eq!(st.number, Some(NumberSummary { mean: 4.0, median: 3.0, min: 1.0, max: 8.0 }));
        assert_eq!(st.non_responses, 1);
        let mut even = odd.clone();
        even.push(submission(5, vec![("n", Answer::Text { value: "4,5".into() })]));
        let st = question_stats(&def, &refs(&even));
        // 1, 3, 4.5, 8: median (3 + 4.5) / 2, mean 16.5 / 4.
        assert_eq!(st.number, Some(NumberSummary { mean: 4.125, median: 3.75, min: 1.0, max: 8.0 }));
        let none = question_stats(&def, &refs(&odd[3..]));
        assert_eq!((none.number, none.answered), (None, 0));
    }

    #[test]
    fn texts_are_kept_in_submission_order_without_blanks() {
        let def = question("t", QuestionKind::Text, &[]);
        let subs = vec![
            submission(1, vec![("t", Answer::Text { value: " Plus de formations ".into() })]),
            submission(2, vec![("t", Answer::Text { value: "".into() })]),
            submission(3, vec![("t", Answer::Text { value: "Un ordinateur".into() })]),
        ];
        let st = question_stats(&def, &refs(&subs));
        assert_eq!(st.texts, ["Plus de formations", "Un ordinateur"]);
        assert_eq!((st.answered, st.non_responses), (2, 1));
    }

    #[test]
    fn grid_rows_count_each_chosen_column_over_the_rows_respondents() {
        let def = question("g", QuestionKind::Grid, &["Ordinateur", "Tablette"]);
        let grid = |cells: &[(&str, &str)]| Answer::Grid {
            cells: cells.iter().map(|(r, c)| (r.to_string(), c.to_string())).collect(),
        };
        let subs = vec![
            submission(1, vec![("g", grid(&[("Ordinateur", "Souvent"), ("Tablette", "Jamais")]))]),
            submission(2, vec![("g", grid(&[("Ordinateur", "Souvent")]))]),
            submission(3, vec![("g", grid(&[("Ordinateur", "Parfois"), ("Tablette", "Jamais")]))]),
            submission(4, vec![]),
        ];
        let st = question_stats(&def, &refs(&subs));
        assert_eq!((st.answered, st.non_responses), (3, 1));
        assert_eq!(st.grid.len(), 2);
        assert_eq!(st.grid[0].row, "Ordinateur");
        assert_eq!(counts(&st.grid[0].options), [("Souvent", 2), ("Jamais", 0), ("Parfois", 1)]);
        assert!(close(st.grid[0].options[0].percent, 200.0 / 3.0));
        assert_eq!(counts(&st.grid[1].options), [("Souvent", 0), ("Jamais", 2), ("Parfois", 0)]);
        assert!(close(st.grid[1].options[1].percent, 100.0), "both respondents of the row");
    }

    #[test]
    fn wave_stats_cover_every_question() {
        let defs = [question("s", QuestionKind::Single, &[]), question("n", QuestionKind::Number, &[])];
        let subs = vec![submission(1, vec![("s", choice("Oui"))]), submission(2, vec![("n", number(2.0))])];
        let w = wave_stats(&defs, &refs(&subs));
        assert_eq!(w.responses, 2);
        assert_eq!(w.questions.iter().map(|q| (q.answered, q.non_responses)).collect::<Vec<_>>(), [(1, 1), (1, 1)]);
    }

    #[test]
    fn options_keep_the_forms_order_never_the_counts() {
        // A single choice: the order the answers first appear in, though « Non » is chosen most.
        let subs = vec![
            submission(1, vec![("s", choice("Oui")), ("m", choices(&["Zoom", "Teams"], None))]),
            submission(2, vec![("s", choice("Non")), ("m", choices(&["Discord", "Teams"], None))]),
            submission(3, vec![("s", choice("non")), ("m", choices(&["Teams"], None))]),
            submission(4, vec![("s", choice("Ne sait pas")), ("m", choices(&["Agenda"], None))]),
            submission(5, vec![("s", choice("Non"))]),
        ];
        let st = question_stats(&question("s", QuestionKind::Single, &[]), &refs(&subs));
        assert_eq!(counts(&st.options), [("Oui", 1), ("Non", 3), ("Ne sait pas", 1)]);
        assert_eq!(st.top_option().unwrap().label, "Non", "the most chosen, wherever it is listed");
        // A multiple choice: its columns in column order, then compact labels as they first appear.
        let mut def = question("m", QuestionKind::Multi, &["Zoom", "Agenda"]);
        def.has_other = false;
        let st = question_stats(&def, &refs(&subs));
        assert_eq!(counts(&st.options), [("Zoom", 1), ("Agenda", 1), ("Teams", 3), ("Discord", 1)]);
        assert_eq!(st.top_option().unwrap().label, "Teams");
    }

    #[test]
    fn a_typed_other_answer_is_counted_as_autre_after_the_declared_options() {
        let def = question("m", QuestionKind::Multi, &["Site", "Facebook"]);
        let subs = vec![
            submission(1, vec![("m", choices(&["Site"], Some("Mastodon")))]),
            submission(2, vec![("m", choices(&["Facebook"], None))]),
            submission(3, vec![("m", choices(&[], Some("Lettre papier")))]),
            submission(4, vec![("m", choices(&["Site", "Facebook"], Some("  ")))]),
        ];
        let st = question_stats(&def, &refs(&subs));
        assert_eq!(st.answered, 4);
        assert_eq!(counts(&st.options), [("Site", 2), ("Facebook", 2), ("Autre", 2)]);
        assert!(close(st.options[2].percent, 50.0), "of the respondents");
        assert_eq!(st.other_answers, ["Mastodon", "Lettre papier"]);
        // Always there when the question has an 'other' text, even if nobody typed one.
        let st = question_stats(&def, &refs(&subs[1..2]));
        assert_eq!(counts(&st.options), [("Site", 0), ("Facebook", 1), ("Autre", 0)]);
        // Without an 'other' text and nobody typing one: no « Autre ».
        let mut plain = def.clone();
        plain.has_other = false;
        assert_eq!(counts(&question_stats(&plain, &refs(&subs[1..2])).options), [("Site", 0), ("Facebook", 1)]);
        // A ticked column named « Autre » and a typed text count the respondent once.
        let mut named = question("m", QuestionKind::Multi, &["Site", "Autre"]);
        named.has_other = true;
        let subs = vec![submission(1, vec![("m", choices(&["Autre"], Some("Mastodon")))])];
        assert_eq!(counts(&question_stats(&named, &refs(&subs)).options), [("Site", 0), ("Autre", 1)]);
    }

    #[test]
    fn dates_count_by_month_oldest_first() {
        let date = |d: &str| Answer::Text { value: d.into() };
        let subs = vec![
            submission(1, vec![("d", date("14/06/2021"))]),
            submission(2, vec![("d", date("2021-03-02"))]),
            submission(3, vec![("d", date("30/06/2021 - 10:12"))]),
            submission(4, vec![("d", date("pas de date"))]),
        ];
        let st = question_stats(&question("d", QuestionKind::Date, &[]), &refs(&subs));
        assert_eq!(counts(&st.options), [("mars 2021", 1), ("juin 2021", 2)]);
        assert_eq!(st.dates, Some(DateSummary { first: "2021-03-02".into(), last: "2021-06-30".into() }));
    }
}
