/** Atomic multistage deploys, rollback and rolling deploys over SSH, in Capistrano's layout. */
package dev.brigade.deploy;
