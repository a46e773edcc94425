/* lull-stats.h
 *
 * Copyright 2026 The Lull developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lull-record.h"

G_BEGIN_DECLS

/* Statistics over the history: pure functions of the records, a daily goal
 * and the moment `now` (the app passes lull_clock_get_now(), tests a fixed
 * time). Nothing here reads a clock, a setting or a file.
 *
 * The records are the history's, oldest first (lull_stats_collect() makes
 * the array from LullHistory's list). A session counts on its own local
 * date, the one its `start` was written with (lull_record_get_local_date()),
 * wherever and whenever the parent looks; "today" is the date of `now` in
 * its own time zone. */

#define LULL_STATS_GOAL_MIN             1
#define LULL_STATS_GOAL_MAX             12
/* The rolling median of the time to the first let-down. */
#define LULL_STATS_ROLLING_SESSIONS     7
/* Feher 1989: the benefit of relaxation audio grew with use, 57 mL for fewer
 * than 5 listens against 112 mL for 10 or more. */
#define LULL_STATS_AUDIO_SESSIONS_GOAL  10
#define LULL_STATS_CONSISTENCY_DAYS     14
/* The most points lull_stats_get_chart() returns for any range. */
#define LULL_STATS_MAX_CHART_POINTS     400
/* A session point's first_letdown when no let-down was marked. */
#define LULL_STATS_NO_LETDOWN           G_MAXUINT

typedef enum
{
  LULL_STATS_RANGE_TWO_WEEKS,     /* today and the 13 days before */
  LULL_STATS_RANGE_THREE_MONTHS,  /* today and the 91 days before */
  LULL_STATS_RANGE_ALL_TIME,      /* the first session's date to today */
} LullStatsRange;

typedef enum
{
  LULL_STATS_MILESTONE_NONE                = 0,
  LULL_STATS_MILESTONE_FIRST_SESSION       = 1 << 0,
  LULL_STATS_MILESTONE_TEN_AUDIO_SESSIONS  = 1 << 1,
  LULL_STATS_MILESTONE_STREAK_WEEK         = 1 << 2,
  LULL_STATS_MILESTONE_LETDOWN_UNDER_2_MIN = 1 << 3,
} LullStatsMilestones;

GPtrArray  *lull_stats_collect               (GListModel          *records);

/* Volumes. A session's volume in mL: the two sides' sum when both were
 * entered, else the total; LULL_RECORD_NO_VALUE when none was entered, or
 * when a value is out of the format's range (a side 0 to 1000, a total 0
 * to 2000) or one side lacks the other. Only such volumes reach a sum, an
 * average or a chart. */
int         lull_stats_get_volume_ml         (LullRecord          *record);
/* The average over the 7 local days ending on `last_day` of each day's
 * total, counting only days with at least one volume; -1 when none has. */
double      lull_stats_get_volume_average    (LullRecord * const  *records,
                                              guint                n_records,
                                              const GDate         *last_day);

/* The time to the first let-down: the first mark of the session, in
 * seconds from the start of pumping; LULL_STATS_NO_LETDOWN when none was
 * marked (or the mark is beyond the longest session a record keeps). */
guint       lull_stats_get_first_letdown     (LullRecord          *record);

/* Streaks. A day "meets the goal" with at least `daily_goal` sessions. A
 * streak runs over consecutive days that meet it, and forgives: a day
 * that falls short is a rest day, part of the streak, as long as no other
 * rest day of the streak lies within the 6 days before it (in any 7
 * consecutive days of a streak, at most one falls short). A second short
 * day in 7 ends the streak on the last day that met the goal; the next day
 * that meets it starts a new one. A streak starts on a day that meets the
 * goal.
 *
 * The current streak runs up to yesterday, and up to today once today
 * meets the goal: a today not yet done never breaks it. Yesterday may be
 * its last day and a rest day, when today can still carry it on. */
typedef struct
{
  guint     length;      /* days from first_day to the last, rest days included; 0 for none */
  GDate     first_day;   /* invalid when length is 0 */
  GArray   *rest_days;   /* (element-type GDate) of this streak, oldest first; never NULL */
  gboolean  today_done;  /* today already meets the goal */
} LullStatsStreak;

LullStatsStreak *lull_stats_get_streak       (LullRecord * const  *records,
                                              guint                n_records,
                                              guint                daily_goal,
                                              GDateTime           *now);
void        lull_stats_streak_free           (LullStatsStreak     *streak);

/* One local date, for the calendar heat map. */
typedef struct
{
  GDate     date;
  guint     n_sessions;
  gboolean  met_goal;
  gboolean  rest_day;           /* a short day that a streak forgave */
  gboolean  in_streak;          /* a day of any streak, past or current, rest days included */
  gboolean  in_current_streak;
} LullStatsDay;

/* (element-type LullStatsDay): one element per date from `first` to
 * `last`, both included. Days after today have their sessions counted
 * (a session recorded further east can be dated tomorrow) but are in no
 * streak yet; so is today until it meets the goal. */
GArray     *lull_stats_get_days              (LullRecord * const  *records,
                                              guint                n_records,
                                              guint                daily_goal,
                                              const GDate         *first,
                                              const GDate         *last,
                                              GDateTime           *now);

/* One session, for the per-session charts. */
typedef struct
{
  gint64  start;                 /* Unix seconds */
  GDate   date;                  /* its local date */
  guint   first_letdown;         /* seconds; LULL_STATS_NO_LETDOWN when none */
  float   first_letdown_median;  /* median over the last LULL_STATS_ROLLING_SESSIONS
                                  * sessions with a let-down, up to this one; NAN before
                                  * the first let-down */
  guint   n_letdowns;
  int     volume_ml;             /* lull_stats_get_volume_ml() */
} LullStatsSession;

/* (element-type LullStatsSession): the sessions dated within the range, in
 * the order of the records. Only for two weeks and three months: all
 * time is lull_stats_get_chart()'s. The rolling median takes the sessions
 * before the range into account. */
GArray     *lull_stats_get_sessions          (LullRecord * const  *records,
                                              guint                n_records,
                                              LullStatsRange       range,
                                              GDateTime           *now);

/* One point of a chart: a day, or a run of weeks. */
typedef struct
{
  GDate   first_day;
  guint   n_days;                /* 1 for a day; 7 for a week; 7 × k in very long histories */
  guint   n_sessions;
  guint   n_with_letdowns;       /* sessions with at least one let-down */
  guint   n_letdowns;            /* let-downs in all of them */
  float   first_letdown_median;  /* median time to the first let-down; NAN when none */
  /* The median of first_letdown_median over this point and the
   * LULL_STATS_ROLLING_SESSIONS - 1 points before it that have one (the
   * line over day or week points); NAN before the first. */
  float   first_letdown_rolling;
  int     volume_ml;             /* sum of the valid volumes; LULL_RECORD_NO_VALUE when none */
  guint   n_volume_days;         /* days with at least one valid volume */
  /* The average daily volume over the days with a volume: for a day, the
   * 7 days ending on it; for a longer point, its own days. NAN when none. */
  float   volume_day_average_ml;
} LullStatsChartPoint;

/* (element-type LullStatsChartPoint): consecutive points covering the
 * range, empty ones included. One a day up to 92 days; beyond, one a week
 * starting on Mondays, or every k weeks, so that there are at most
 * LULL_STATS_MAX_CHART_POINTS. All time starts at the first session's
 * date (NULL is never returned: no sessions give an empty array). */
GArray     *lull_stats_get_chart             (LullRecord * const  *records,
                                              guint                n_records,
                                              LullStatsRange       range,
                                              GDateTime           *now);

/* The same for the local dates @first to @last, both included. */
GArray     *lull_stats_get_chart_between     (LullRecord * const  *records,
                                              guint                n_records,
                                              const GDate         *first,
                                              const GDate         *last,
                                              GDateTime           *now);

/* Consistency, which conditions the reflex (Kent et al. 2003): among the
 * sessions of the last LULL_STATS_CONSISTENCY_DAYS days (today included),
 * how many share the most common combination of routine, place and sound
 * track (the record's `audio`). A missing value is a value of its own: two
 * sessions without a place share "no place". On a tie, the combination
 * used last wins. The strings belong to the records. */
typedef struct
{
  guint        n_sessions;
  guint        n_matching;
  const char  *routine;
  const char  *place;
  const char  *audio;
} LullStatsConsistency;

void        lull_stats_get_consistency       (LullRecord * const  *records,
                                              guint                n_records,
                                              GDateTime           *now,
                                              LullStatsConsistency *consistency);

/* Sessions with guided audio: those whose cues hold "audio" (Lull played
 * sound) or that name a track in `audio`. `progress`, if not NULL, gets
 * the way towards LULL_STATS_AUDIO_SESSIONS_GOAL, 0 to 1. */
guint       lull_stats_count_audio_sessions  (LullRecord * const  *records,
                                              guint                n_records,
                                              double              *progress);

/* Every milestone the records reach, whenever it was reached: a first
 * session; 10 sessions with guided audio; a streak of 7 days (rest days
 * included) at `daily_goal`; a first let-down under 2 minutes. */
LullStatsMilestones lull_stats_get_milestones (LullRecord * const  *records,
                                              guint                n_records,
                                              guint                daily_goal,
                                              GDateTime           *now);

/* One gentle, factual, translated sentence about how the sessions have
 * changed, or NULL. It compares the median time to the first let-down in
 * the first 7 days with one, against the last 7 sessions: "In your last
 * sessions, let-down came about 40 seconds sooner than in your first
 * week." When it did not come sooner, it says nothing about speed, only
 * how steady the routine has been or how many sessions there were. NULL
 * when there is too little to say it with confidence: the history spans
 * fewer than 10 days, either window has fewer than 5 sessions with a
 * let-down, or the two windows overlap. */
char       *lull_stats_dup_progress          (LullRecord * const  *records,
                                              guint                n_records,
                                              GDateTime           *now);

/* All the home page shows, in one call (about a millisecond for 25,000
 * sessions). */
typedef struct
{
  guint                today_count;
  guint                daily_goal;
  LullStatsStreak     *streak;
  /* Sessions with guided audio, counted up to LULL_STATS_AUDIO_SESSIONS_GOAL
   * only (what the home page shows); lull_stats_count_audio_sessions()
   * counts them all. */
  guint                n_audio_sessions;
  LullStatsMilestones  milestones;
  char                *progress;    /* nullable */
} LullStatsSummary;

LullStatsSummary *lull_stats_summary_new     (LullRecord * const  *records,
                                              guint                n_records,
                                              guint                daily_goal,
                                              GDateTime           *now);
void        lull_stats_summary_free          (LullStatsSummary    *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LullStatsStreak, lull_stats_streak_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LullStatsSummary, lull_stats_summary_free)

G_END_DECLS
