// mflow's C host functions, bound by XS (`@` syntax: XS only; Node never loads this module).
// Every buffer argument is a byte buffer (Uint8Array, Int8Array, ArrayBuffer, SharedArrayBuffer or a
// host buffer); params is the op's int32 params block as little-endian bytes (runtime/src/format/ops.ts).
export function fullyConnectedS8(params, input, weights, bias, multiplier, shift, output) @ "xs_mf_fully_connected_s8";
export function conv2dS8(params, input, filter, bias, multiplier, shift, output) @ "xs_mf_conv_2d_s8";
export function depthwiseConv2dS8(params, input, filter, bias, multiplier, shift, output) @ "xs_mf_depthwise_conv_2d_s8";
export function averagePool2dS8(params, input, output) @ "xs_mf_average_pool_2d_s8";
export function maxPool2dS8(params, input, output) @ "xs_mf_max_pool_2d_s8";
export function addS8(params, input1, input2, output) @ "xs_mf_add_s8";
export function softmaxS8(params, input, output) @ "xs_mf_softmax_s8";
export function copy(params, input, index, output) @ "xs_mf_copy";
export function lutS8(params, input, table, output) @ "xs_mf_lut_s8";
export function lutS8F32(params, input, table, output) @ "xs_mf_lut_s8_f32";
export function minimumS8(params, input1, input2, output) @ "xs_mf_minimum_s8";
export function maximumS8(params, input1, input2, output) @ "xs_mf_maximum_s8";
export function invokeGraph(program, arena, model, cores) @ "xs_mf_invoke_graph";
export function graphPlan(program, arena, model, cores, out) @ "xs_mf_graph_plan";
export function coresDefault() @ "xs_mf_cores_default";
export function sha256(bytes) @ "xs_mf_sha256";
export function crc32(bytes, start, end, crc) @ "xs_mf_crc32";
