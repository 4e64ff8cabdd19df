/**
 * The box's views of the cluster: the layer diagram ({@code /cluster}), custom graphs and saved
 * dashboards ({@code /graphs}, {@code /dashboards}) and the edge's pools ({@code /edge}).
 */
package dev.brigade.box.views;
