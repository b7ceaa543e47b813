# Registo local dos atendimentos (crate balcao-store, tipo StoreError).
store-locked = Outro programa está a usar os registos deste balcão: a última alteração não foi gravada. Nada do que escreveu se perdeu; aguarde uns segundos e tente de novo. Se se repetir, feche as outras janelas do Balcão neste computador.
store-disk-full = O disco está cheio: o atendimento não foi gravado. Nada do que escreveu se perdeu; chame o apoio informático para libertar espaço.
store-corrupt = O ficheiro onde o Balcão guarda os atendimentos está danificado, e nada foi gravado nele. Não apague nem substitua o ficheiro; chame o apoio informático, que pode recuperar os atendimentos já gravados.
store-io = O Balcão não conseguiu ler nem escrever no disco: a última alteração não foi gravada. Nada do que escreveu se perdeu; tente de novo e, se o erro se repetir, chame o apoio informático.
store-not-found = Este atendimento não existe nos registos deste balcão: nada foi alterado. Volte à lista de atendimentos de hoje e escolha-o de novo.
store-newer-schema = Os registos deste balcão foram gravados por uma versão mais recente do Balcão (dados na versão { $found }; esta só conhece até à { $known }). Para não os danificar, esta versão não os abre; nenhum atendimento se perdeu. Chame o apoio informático para instalar a versão mais recente.
store-already-open = Já há um atendimento em curso neste balcão: termine-o antes de começar outro. Nada do que escreveu nele se perdeu.
store-rule = Esta alteração não respeita as regras do atendimento e não foi gravada. Nada do que já estava gravado mudou; corrija o que falta e tente de novo.
store-session-open = A caixa deste balcão está aberta desde { $opened }: feche-a (contagem e relatório de fecho) antes de abrir outra.
store-no-session = A caixa está fechada: abra a caixa, com o fundo de caixa, antes de registar pagamentos.
store-session-closed = Esta caixa já foi fechada: nada lhe pode ser acrescentado nem alterado.
store-already-cancelled = Este pagamento já foi anulado pelo documento { $number }.
store-immutable = Os pagamentos, as anulações e as caixas fechadas não se alteram nem se apagam: corrija com uma anulação e o seu motivo.
