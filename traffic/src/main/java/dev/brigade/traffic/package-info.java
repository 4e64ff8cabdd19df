/** Rules about requests that the edge and the capacity planner share: the hit classes. */
package dev.brigade.traffic;
