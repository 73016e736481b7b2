//! A wave's figures counted as the store reads its submissions, one at a time: a large wave is
//! tens of thousands of submissions of a hundred answers, so only the figures and the answers to
//! the questions asked for are kept.

use rustc_hash::FxHashMap as HashMap;

use crate::survey::stats::{QuestionStats, Texts, WaveStats};
use crate::survey::tally::WaveTally;
use crate::survey::{Answer, QuestionDef, StoredQuestion, StoredSubmission, Submission, WaveReader};

/// A wave's figures and the submissions they count.
///
/// A large wave is tens of thousands of submissions of a hundred answers: the figures are counted
/// as the store reads the submissions, and only the answers to the questions asked for (the one
/// shown in detail and the one it is split by) are held, by question.
pub struct Counted {
    /// The questions counted, as stored (with their theme), in the form's order.
    pub asked: Vec<StoredQuestion>,
    /// The same questions' definitions, kinds as corrected.
    pub questions: Vec<QuestionDef>,
    /// The submissions counted, in the order read, with their links to structures; their answers
    /// are not kept here.
    pub rows: Vec<StoredSubmission>,
    /// Every figure of the wave, free-text answers included unless counted only.
    stats: WaveStats,
    /// For the questions held (by index in `questions`): (index in `rows`, answer read as the
    /// question's current kind).
    held: Vec<(usize, Vec<(u32, Answer)>)>,
}

/// A [`Counted`] being filled one submission at a time, as the store reads them.
pub struct Counting {
    asked: Vec<StoredQuestion>,
    questions: Vec<QuestionDef>,
    index: HashMap<String, usize>,
    tally: WaveTally,
    rows: Vec<StoredSubmission>,
    held: Vec<(usize, Vec<(u32, Answer)>)>,
    include_drafts: bool,
    /// The submission being read is a draft left out.
    skipping: bool,
}

impl Counting {
    /// `questions` are those the wave asked (`Store::wave_questions`): a question the wave's
    /// export did not contain would count every response as a non-response. Drafts are left out
    /// unless `include_drafts`. The answers to `hold` are kept for [`Counted::submissions_with`];
    /// free-text answers are copied into the figures only when `texts` keeps them.
    pub fn new(questions: &[StoredQuestion], include_drafts: bool, hold: &[&str], texts: Texts) -> Self {
        let defs: Vec<QuestionDef> = questions.iter().map(|q| q.def.clone()).collect();
        let index = defs.iter().enumerate().map(|(i, q)| (q.key.clone(), i)).collect();
        let held =
            defs.iter().enumerate().filter(|(_, q)| hold.contains(&q.key.as_str())).map(|(i, _)| (i, Vec::new()));
        Counting {
            asked: questions.to_vec(),
            tally: WaveTally::new(&defs, texts),
            held: held.collect(),
            questions: defs,
            index,
            rows: Vec::new(),
            include_drafts,
            skipping: false,
        }
    }

    /// Counts a submission read with its answers.
    pub fn add(&mut self, mut row: StoredSubmission) {
        let answers = std::mem::take(&mut row.submission.answers);
        self.submission(row);
        for (key, answer) in answers {
            self.answer(&key, answer);
        }
    }

    pub fn finish(self) -> Counted {
        Counted {
            asked: self.asked,
            questions: self.questions,
            rows: self.rows,
            stats: self.tally.finish(),
            held: self.held,
        }
    }
}

impl WaveReader for Counting {
    fn submission(&mut self, mut row: StoredSubmission) {
        self.skipping = row.submission.draft && !self.include_drafts;
        if self.skipping {
            return;
        }
        row.submission.answers.clear();
        self.tally.add_submission();
        self.rows.push(row);
    }

    fn answer(&mut self, key: &str, answer: Answer) {
        if self.skipping {
            return;
        }
        let Some(&i) = self.index.get(key) else { return };
        let kind = self.questions[i].kind;
        let Some(answer) = (if answer.is_of_kind(kind) { Some(answer) } else { answer.as_kind(kind) }) else {
            return;
        };
        self.tally.add_answer(i, &answer);
        if let Some((_, column)) = self.held.iter_mut().find(|(q, _)| *q == i) {
            column.push((self.rows.len() as u32 - 1, answer));
        }
    }
}

impl Counted {
    /// See [`Counting::new`]; every answer is held (for a wave already in memory).
    pub fn new(questions: &[StoredQuestion], rows: Vec<StoredSubmission>, include_drafts: bool) -> Self {
        let keys: Vec<&str> = questions.iter().map(|q| q.def.key.as_str()).collect();
        let mut counting = Counting::new(questions, include_drafts, &keys, Texts::Keep);
        rows.into_iter().for_each(|r| counting.add(r));
        counting.finish()
    }

    /// The counted submissions, in the order of `rows`, with their answers to those of `keys`
    /// that were held: what a single question's split reads.
    pub fn submissions_with(&self, keys: &[&str]) -> Vec<Submission> {
        let mut out: Vec<Submission> = self.rows.iter().map(|r| r.submission.clone()).collect();
        for (i, column) in &self.held {
            let key = &self.questions[*i].key;
            if keys.contains(&key.as_str()) {
                for (at, answer) in column {
                    out[*at as usize].answers.insert(key.clone(), answer.clone());
                }
            }
        }
        out
    }

    /// Every figure, free-text answers included when they were kept (for the report and the spreadsheet).
    pub fn stats(&self) -> &WaveStats {
        &self.stats
    }

    pub fn into_stats(self) -> WaveStats {
        self.stats
    }

    /// The figures of one question of the wave.
    pub fn question(&self, key: &str) -> Option<&QuestionStats> {
        self.stats.questions.iter().find(|q| q.key == key)
    }

    /// Every figure, free-text answers only counted (for the window's overview).
    pub fn figures(&self) -> WaveStats {
        WaveStats {
            responses: self.stats.responses,
            questions: self.stats.questions.iter().map(|q| QuestionStats { texts: Vec::new(), ..q.clone() }).collect(),
        }
    }
}
