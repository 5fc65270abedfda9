/*
 * Each kernel's checked entry: validates the params block and every operand's size (and int32
 * alignment) against what the kernel will touch, then runs it. Called by the kernel's own host
 * function (operands from JS arguments) and by the graph runner (operands sliced from the arena and
 * the model), so both paths share one set of checks. b[0] is the params block; operands follow.
 */
#ifndef MF_XS_OPS_H
#define MF_XS_OPS_H

#include "mf_split.h"
#include "mf_xs_args.h"

void mf_xs_run_fully_connected_s8(xsMachine *the, const mf_xs_buf *b);
void mf_xs_run_conv_2d_s8(xsMachine *the, const mf_xs_buf *b);
void mf_xs_run_depthwise_conv_2d_s8(xsMachine *the, const mf_xs_buf *b);
void mf_xs_run_average_pool_2d_s8(xsMachine *the, const mf_xs_buf *b);
void mf_xs_run_max_pool_2d_s8(xsMachine *the, const mf_xs_buf *b);
void mf_xs_run_add_s8(xsMachine *the, const mf_xs_buf *b);
void mf_xs_run_softmax_s8(xsMachine *the, const mf_xs_buf *b);
void mf_xs_run_copy(xsMachine *the, const mf_xs_buf *b);
void mf_xs_run_lut_s8(xsMachine *the, const mf_xs_buf *b);
void mf_xs_run_lut_s8_f32(xsMachine *the, const mf_xs_buf *b);
void mf_xs_run_minimum_s8(xsMachine *the, const mf_xs_buf *b);
void mf_xs_run_maximum_s8(xsMachine *the, const mf_xs_buf *b);

/* The heavy ops' checks alone, filling the job the graph runner may split across cores (mf_split.h). */
void mf_xs_job_fully_connected_s8(xsMachine *the, const mf_xs_buf *b, mf_job *j);
void mf_xs_job_conv_2d_s8(xsMachine *the, const mf_xs_buf *b, mf_job *j);
void mf_xs_job_depthwise_conv_2d_s8(xsMachine *the, const mf_xs_buf *b, mf_job *j);

#endif
