/* Cross-validation splits of a dataset (record-disjoint by construction: one fold per record). */
#ifndef HS_FOLDS_H
#define HS_FOLDS_H
#include "dataset.h"

/* fold[i] in 0..k-1 for record i. Stratified by subset x label: each stratum is shuffled with the
 * seed (deterministic, platform-independent PRNG) and dealt round-robin, starting where the previous
 * stratum stopped, so per-stratum fold counts differ by at most 1 and fold sizes by at most 1. */
void hs_folds_stratified(const hs_dataset *d, int k, unsigned long long seed, int *fold);

/* Leave-one-subset-out: fold[i] = index of record i's subset in names (first-seen order, which is
 * sorted order for a scanned dataset). Returns the number of subsets, or -1 if there are more than
 * max_names (fold then partially filled). */
int hs_folds_by_subset(const hs_dataset *d, int *fold, char names[][64], int max_names);
#endif
